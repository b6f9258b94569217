package io.jpm.agent.transport;

import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.InstanceDetail;
import io.jpm.agent.supervision.InstanceEvent;
import io.jpm.agent.supervision.InstancePolicy;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessLauncher;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.RestartPolicy;
import io.jpm.agent.supervision.Signals;
import io.jpm.agent.supervision.WatchPolicy;
import io.jpm.messages.v1.ProcessDetail;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.StateChanged;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the supervision domain to the wire messages of jpm/v1 and back (instances, details, history,
 * states and app specs). The domain never sees generated types; every pair is round-tripped by
 * AgentProtosTest.
 */
public final class AgentProtos {
  /** How long an instance may take to pass its readiness check by default: pm2's 3000 ms. */
  public static final Duration DEFAULT_LISTEN_TIMEOUT = Duration.ofSeconds(3);

  private AgentProtos() {}

  /** One instance row as reported by the agent on {@code host}. */
  public static ProcessInfo toProto(InstanceSnapshot s, String host) {
    ProcessInfo.Builder b =
        ProcessInfo.newBuilder()
            .setHost(host)
            .setId(s.id())
            .setName(s.name())
            .setNamespace(s.namespace())
            .setInstance(s.index())
            .setState(toProto(s.state()))
            .setRestarts(s.restarts())
            .setUnstableRestarts(s.unstableRestarts())
            .setUptimeMs(s.uptimeMillis())
            .setCpuPercent(s.cpuPercent())
            .setMemoryBytes(s.memoryBytes())
            .setCreatedAtMs(s.createdAt().toEpochMilli())
            .setWantUp(s.wantUp());
    if (s.pid() > 0) {
      b.setPid(s.pid());
    }
    if (s.exitCode() != null) {
      b.setExitCode(s.exitCode());
    }
    if (s.port() > 0) {
      b.setPort(s.port());
    }
    return b.build();
  }

  /** The snapshot an instance row describes (its host is not part of a snapshot). */
  public static InstanceSnapshot fromProto(ProcessInfo p) {
    return new InstanceSnapshot(
        p.getId(),
        p.getName(),
        p.getNamespace(),
        p.getInstance(),
        p.hasPid() ? p.getPid() : 0,
        fromProto(p.getState()),
        p.getWantUp(),
        p.getRestarts(),
        p.getUnstableRestarts(),
        p.getUptimeMs(),
        p.getCpuPercent(),
        p.getMemoryBytes(),
        p.hasExitCode() ? p.getExitCode() : null,
        Instant.ofEpochMilli(p.getCreatedAtMs()),
        p.hasPort() ? p.getPort() : 0);
  }

  /**
   * A full description for `describe`, with the environment VALUES removed: the spec's env map is
   * empty and env_names lists the variable names, sorted; the base env keeps only its names, with
   * empty values (the CLI shows just how many there are).
   */
  public static ProcessDetail toProto(InstanceDetail d, String host) {
    ProcessDetail.Builder b =
        ProcessDetail.newBuilder()
            .setProcess(toProto(d.snapshot(), host))
            .setSpec(
                toProto(d.spec()).toBuilder()
                    .clearEnv()
                    .clearBaseEnv()
                    .putAllBaseEnv(names(d.spec().baseEnv())))
            .addAllEnvNames(d.spec().env().keySet().stream().sorted().toList())
            .addAllArgv(d.argv())
            .setOutLog(d.logs().out().toString())
            .setErrLog(d.logs().err().toString());
    d.events().forEach(e -> b.addEvents(toProto(e)));
    return b.build();
  }

  /**
   * The detail a description carries. Env values never travel, so each variable named in env_names
   * comes back with an empty value.
   */
  public static InstanceDetail fromProto(ProcessDetail p) {
    Map<String, String> env = new LinkedHashMap<>();
    p.getEnvNamesList().forEach(name -> env.put(name, ""));
    io.jpm.messages.v1.AppSpec spec = p.getSpec().toBuilder().putAllEnv(env).build();
    return new InstanceDetail(
        fromProto(p.getProcess()),
        fromProto(spec),
        p.getArgvList(),
        new ProcessLauncher.LogFiles(Path.of(p.getOutLog()), Path.of(p.getErrLog())),
        p.getEventsList().stream().map(AgentProtos::fromProto).toList());
  }

  /** One history entry. */
  public static io.jpm.messages.v1.InstanceEvent toProto(InstanceEvent e) {
    return io.jpm.messages.v1.InstanceEvent.newBuilder()
        .setAtMs(e.at().toEpochMilli())
        .setFrom(toProto(e.from()))
        .setTo(toProto(e.to()))
        .setReason(e.reason())
        .build();
  }

  /** One history entry. */
  public static InstanceEvent fromProto(io.jpm.messages.v1.InstanceEvent p) {
    return new InstanceEvent(
        Instant.ofEpochMilli(p.getAtMs()),
        fromProto(p.getFrom()),
        fromProto(p.getTo()),
        p.getReason());
  }

  /** The payload of a {@code state.<app>.<instance>} event. */
  public static StateChanged toProto(
      InstanceSnapshot s, ProcessState previous, String reason, boolean deleted, String host) {
    return StateChanged.newBuilder()
        .setProcess(toProto(s, host))
        .setPrevious(toProto(previous))
        .setReason(reason)
        .setDeleted(deleted)
        .build();
  }

  /** A supervision state. */
  public static io.jpm.messages.v1.ProcessState toProto(ProcessState s) {
    return switch (s) {
      case STOPPED -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_STOPPED;
      case STARTING -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_STARTING;
      case RUNNING -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_RUNNING;
      case BACKOFF -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_BACKOFF;
      case STOPPING -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_STOPPING;
      case EXITED -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_EXITED;
      case FATAL -> io.jpm.messages.v1.ProcessState.PROCESS_STATE_FATAL;
    };
  }

  /**
   * A supervision state.
   *
   * @throws IllegalArgumentException for UNSPECIFIED or a value added after this build
   */
  public static ProcessState fromProto(io.jpm.messages.v1.ProcessState p) {
    return switch (p) {
      case PROCESS_STATE_STOPPED -> ProcessState.STOPPED;
      case PROCESS_STATE_STARTING -> ProcessState.STARTING;
      case PROCESS_STATE_RUNNING -> ProcessState.RUNNING;
      case PROCESS_STATE_BACKOFF -> ProcessState.BACKOFF;
      case PROCESS_STATE_STOPPING -> ProcessState.STOPPING;
      case PROCESS_STATE_EXITED -> ProcessState.EXITED;
      case PROCESS_STATE_FATAL -> ProcessState.FATAL;
      case PROCESS_STATE_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("no process state in " + p);
    };
  }

  /**
   * The wire form of a spec WITH its env values: the form a start request carries. Never put it in
   * a reply or an event; {@link #toProto(InstanceDetail, String)} strips the values.
   */
  public static io.jpm.messages.v1.AppSpec toProto(AppSpec spec) {
    RestartPolicy r = spec.policy().restart();
    io.jpm.messages.v1.AppSpec.Builder b =
        io.jpm.messages.v1.AppSpec.newBuilder()
            .setName(spec.name())
            .setNamespace(spec.namespace())
            .setScript(orEmpty(spec.script()))
            .addAllArgs(spec.args())
            .setInterpreter(orEmpty(spec.interpreter()))
            .addAllCommand(spec.command())
            .setCwd(spec.cwd() == null ? "" : spec.cwd().toString())
            .putAllEnv(spec.env())
            .putAllBaseEnv(spec.baseEnv())
            .setInstances(spec.instances())
            .setAutorestart(r.autorestart())
            .setMaxRestarts(r.maxRestarts())
            .setMinUptimeMs(r.minUptime().toMillis())
            .setRestartDelayMs(r.restartDelay().toMillis())
            .setKillTimeoutMs(spec.policy().killTimeout().toMillis())
            .setKillSignal("SIG" + spec.policy().stopSignal())
            .addAllStopExitCodes(r.stopExitCodes().stream().sorted().toList())
            .setMaxMemoryBytes(spec.maxMemoryBytes());
    if (r.expBackoffInitial() != null) {
      b.setExpBackoffRestartDelayMs(r.expBackoffInitial().toMillis());
    }
    if (spec.port() > 0) {
      b.setPort(spec.port()).setBalance(spec.balance().word());
    } else if (spec.balance() != Balance.ROUND_ROBIN) {
      b.setBalance(spec.balance().word());
    }
    if (spec.ready() != null) {
      b.setReady(spec.ready().text()).setListenTimeoutMs(spec.policy().readyTimeout().toMillis());
    }
    if (spec.watch().enabled()) {
      b.addAllWatch(spec.watch().paths())
          .addAllIgnoreWatch(spec.watch().ignore())
          .setWatchDelayMs(spec.watch().delay().toMillis());
    }
    LogProtos.putLogPolicy(b, spec.logs());
    return b.build();
  }

  /**
   * A spec from the wire, with the defaults of process.proto for every unset field (an app with a
   * port and no check is checked with "tcp"; listen_timeout defaults to pm2's 3000 ms). Values are
   * not validated here (the Supervisor does that, naming each key) except the stop signal and the
   * readiness check, which the domain keeps parsed.
   *
   * @throws CommandException INVALID_ARGUMENT for an unknown kill_signal, a malformed ready check
   *     or an unusable cwd
   */
  public static AppSpec fromProto(io.jpm.messages.v1.AppSpec p) {
    String name = p.getName().isEmpty() ? defaultName(p) : p.getName();
    RestartPolicy d = RestartPolicy.defaults();
    RestartPolicy restart =
        new RestartPolicy(
            p.hasAutorestart() ? p.getAutorestart() : d.autorestart(),
            p.hasMaxRestarts() ? p.getMaxRestarts() : d.maxRestarts(),
            p.hasMinUptimeMs() ? Duration.ofMillis(p.getMinUptimeMs()) : d.minUptime(),
            p.hasRestartDelayMs() ? Duration.ofMillis(p.getRestartDelayMs()) : d.restartDelay(),
            p.hasExpBackoffRestartDelayMs()
                ? Duration.ofMillis(p.getExpBackoffRestartDelayMs())
                : d.expBackoffInitial(),
            Set.copyOf(p.getStopExitCodesList()));
    InstancePolicy dp = InstancePolicy.defaults();
    int port = p.hasPort() ? p.getPort() : 0;
    ReadyCheck ready = readyCheck(name, p.getReady(), port);
    InstancePolicy policy =
        new InstancePolicy(
            restart,
            p.hasKillTimeoutMs() ? Duration.ofMillis(p.getKillTimeoutMs()) : dp.killTimeout(),
            stopSignal(name, p.getKillSignal(), dp.stopSignal()),
            ready == null
                ? null
                : p.hasListenTimeoutMs()
                    ? Duration.ofMillis(p.getListenTimeoutMs())
                    : DEFAULT_LISTEN_TIMEOUT);
    int instances =
        p.getInstancesMax()
            ? Runtime.getRuntime().availableProcessors()
            : p.getInstances() == 0 ? 1 : p.getInstances();
    return new AppSpec(
        name,
        p.getNamespace().isEmpty() ? "default" : p.getNamespace(),
        emptyToNull(p.getScript()),
        p.getArgsList(),
        emptyToNull(p.getInterpreter()),
        p.getCommandList(),
        cwd(name, p.getCwd()),
        p.getEnvMap(),
        instances,
        policy,
        p.getMaxMemoryBytes(),
        p.getBaseEnvMap(),
        LogProtos.logPolicy(name, p),
        port,
        ready,
        watchPolicy(name, p),
        balance(name, p.getBalance()));
  }

  private static Balance balance(String app, String word) {
    if (word.isEmpty()) {
      return Balance.ROUND_ROBIN;
    }
    return Balance.of(word)
        .orElseThrow(
            () ->
                new CommandException(
                    CommandException.Failure.INVALID_ARGUMENT,
                    "app '" + app + "': balance: '" + word + "' is not round-robin or least-conn"));
  }

  private static WatchPolicy watchPolicy(String app, io.jpm.messages.v1.AppSpec p) {
    if (p.getWatchCount() == 0) {
      return WatchPolicy.NONE;
    }
    if (p.getWatchDelayMs() < 0) {
      throw new CommandException(
          CommandException.Failure.INVALID_ARGUMENT,
          "app '" + app + "': watch_delay must not be negative");
    }
    return new WatchPolicy(
        p.getWatchList(),
        p.getIgnoreWatchList(),
        p.hasWatchDelayMs() ? Duration.ofMillis(p.getWatchDelayMs()) : WatchPolicy.DEFAULT_DELAY);
  }

  private static ReadyCheck readyCheck(String app, String text, int port) {
    if (text.isEmpty()) {
      return port > 0 ? ReadyCheck.TCP : null;
    }
    try {
      return ReadyCheck.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandException(
          CommandException.Failure.INVALID_ARGUMENT, "app '" + app + "': ready: " + e.getMessage());
    }
  }

  /** The names of an environment with every value blanked: what a reply may carry. */
  private static Map<String, String> names(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.keySet().forEach(name -> out.put(name, ""));
    return out;
  }

  /** The script's base name without extension, else the command's program name, else "". */
  private static String defaultName(io.jpm.messages.v1.AppSpec p) {
    String path = !p.getScript().isEmpty() ? p.getScript() : firstOrEmpty(p.getCommandList());
    String base = path.substring(path.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }

  private static String stopSignal(String app, String text, String fallback) {
    if (text.isEmpty()) {
      return fallback;
    }
    return Signals.parse(text)
        .orElseThrow(
            () ->
                new CommandException(
                    CommandException.Failure.INVALID_ARGUMENT,
                    "app '" + app + "': kill_signal: unknown signal '" + text + "'"));
  }

  private static Path cwd(String app, String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new CommandException(
          CommandException.Failure.INVALID_ARGUMENT,
          "app '" + app + "': cwd: not a usable path: " + e.getReason());
    }
  }

  private static String firstOrEmpty(List<String> list) {
    return list.isEmpty() ? "" : list.get(0);
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
