package io.jpm.agent.transport;

import io.jpm.agent.Version;
import io.jpm.agent.logs.LogCommands;
import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.CommandException.Failure;
import io.jpm.agent.supervision.Durations;
import io.jpm.agent.supervision.InstanceDetail;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.SpecChanges;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.messages.v1.DescribeReply;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.KillReply;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import io.jpm.messages.v1.SaveReply;
import io.jpm.messages.v1.ScaleRequest;
import io.jpm.messages.v1.StartRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Maps each control command to the {@link Supervisor} (Circus's {@code Controller.dispatch}, typed)
 * and each outcome to a {@link Reply}. Every call into the Supervisor goes through {@link
 * SupervisorLoop#call}, so this class never touches the domain from the server thread, and every
 * command has a deadline after which the client gets ERROR_CODE_TIMEOUT (the work itself goes on).
 */
public final class RequestDispatcher implements RequestHandler {
  private static final Logger LOG = Logger.getLogger(RequestDispatcher.class.getName());

  private final Supervisor supervisor;
  private final SupervisorLoop loop;
  private final AgentIdentity identity;
  private final Duration deadline;
  private final LogRequests logRequests;
  private final StateCommands state;

  /**
   * A dispatcher to one agent's supervisor, without output capture or state files (log, save,
   * resurrect and handover commands fail).
   *
   * @param deadline how long a command may take before the client is told it timed out
   */
  public RequestDispatcher(
      Supervisor supervisor, SupervisorLoop loop, AgentIdentity identity, Duration deadline) {
    this(
        supervisor,
        loop,
        identity,
        deadline,
        LogCommands.unsupported(),
        StateCommands.unsupported());
  }

  /**
   * A dispatcher to one agent's supervisor, its output capture and its state files.
   *
   * @param deadline how long a command may take before the client is told it timed out
   * @param logs carries out flush, send and logs
   * @param state carries out save, resurrect and handover
   */
  public RequestDispatcher(
      Supervisor supervisor,
      SupervisorLoop loop,
      AgentIdentity identity,
      Duration deadline,
      LogCommands logs,
      StateCommands state) {
    this.supervisor = supervisor;
    this.loop = loop;
    this.identity = identity;
    this.deadline = deadline;
    this.logRequests = new LogRequests(supervisor, loop, logs, identity.host());
    this.state = state;
  }

  /** Starts the command and returns its reply; the future never fails (errors are replies). */
  @Override
  public CompletableFuture<Reply> handle(Request request) {
    CompletableFuture<Reply> work;
    try {
      work =
          request.hasFleet()
              ? CompletableFuture.completedFuture(
                  Replies.error(
                      ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
                      "host selection (--hosts) needs a controller; this is an agent"))
              : route(request);
    } catch (RuntimeException e) {
      work = CompletableFuture.failedFuture(e);
    }
    String command = request.getCommandCase().name().toLowerCase(Locale.ROOT);
    return work.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, error) -> error == null ? logged(command, reply) : failure(command, error));
  }

  private static Reply logged(String command, Reply reply) {
    if (reply.hasProcesses() && !command.equals("list")) {
      // One line per change a user asked for; reads (ping, list, describe) are not logged.
      LOG.info(
          () -> command + " done: " + reply.getProcesses().getProcessesCount() + " instance(s)");
    } else if (reply.hasReload()) {
      LOG.info(
          () ->
              command
                  + " done: "
                  + reply.getReload().getProcessesCount()
                  + " instance(s)"
                  + (reply.getReload().getRestartedAppsCount() == 0
                      ? ""
                      : ", restarted (no readiness check): "
                          + String.join(", ", reply.getReload().getRestartedAppsList())));
    } else if (reply.hasKill()) {
      LOG.info(() -> command + " done: " + reply.getKill().getStopped() + " instance(s) stopped");
    } else if (reply.hasSave()) {
      LOG.info(
          () ->
              "save done: "
                  + reply.getSave().getApps()
                  + " app(s) in "
                  + reply.getSave().getPath());
    }
    return reply;
  }

  private CompletableFuture<Reply> route(Request r) {
    return switch (r.getCommandCase()) {
      case PING -> CompletableFuture.completedFuture(Reply.newBuilder().setPing(ping()).build());
      case START -> start(r.getStart());
      case STOP -> processes(() -> supervisor.stop(r.getStop().getTargetsList()));
      case RESTART -> restart(r.getRestart());
      case RELOAD -> reload(r.getReload());
      case DELETE -> processes(() -> supervisor.delete(r.getDelete().getTargetsList()));
      case LIST -> processes(() -> done(supervisor.list(r.getList().getTargetsList())));
      case DESCRIBE -> describe(r.getDescribe().getTargetsList());
      case SCALE -> scale(r.getScale());
      case SIGNAL ->
          processes(
              () ->
                  done(
                      supervisor.signal(
                          r.getSignal().getSignal(), r.getSignal().getTargetsList())));
      case RESET -> processes(() -> done(supervisor.reset(r.getReset().getTargetsList())));
      case KILL ->
          loop.call(supervisor::shutdown)
              .thenApply(
                  n -> Reply.newBuilder().setKill(KillReply.newBuilder().setStopped(n)).build());
      case FLUSH -> logRequests.flush(r.getFlush());
      case SEND -> logRequests.send(r.getSend());
      case LOG_TAIL -> logRequests.tail(r.getLogTail());
      case SAVE -> state.save().thenApply(RequestDispatcher::saved);
      case RESURRECT -> state.resurrect().thenApply(this::processList);
      case HANDOVER ->
          // A reload's extra process is not in the state the successor gets: it must not stay.
          loop.call(() -> done(supervisor.killReloadShadows()))
              .thenCompose(killed -> state.handover())
              .thenApply(
                  x -> Reply.newBuilder().setKill(KillReply.newBuilder().setStopped(0)).build());
      case HOSTS, ANNOUNCE ->
          CompletableFuture.completedFuture(
              Replies.error(
                  ErrorCode.ERROR_CODE_UNKNOWN_COMMAND,
                  r.getCommandCase().name().toLowerCase(Locale.ROOT)
                      + " is a controller command; this is an agent"));
      case COMMAND_NOT_SET ->
          throw new IllegalStateException("ControlServer answers requests without a command");
    };
  }

  private static Reply saved(StateCommands.Saved s) {
    return Reply.newBuilder()
        .setSave(SaveReply.newBuilder().setPath(s.path().toString()).setApps(s.apps()))
        .build();
  }

  private PingReply ping() {
    return PingReply.newBuilder()
        .setHost(identity.host())
        .setPid(identity.pid())
        .setVersion(Version.software())
        .setControlEndpoint(identity.controlEndpoint())
        .setEventsEndpoint(identity.eventsEndpoint())
        .setMetricsUrl(identity.metricsUrl())
        .setStartedAtMs(identity.startedAt().toEpochMilli())
        .setRunId(identity.runId())
        .putAllLabels(identity.labels())
        .setRemoteControlEndpoint(identity.remoteControlEndpoint())
        .setRemoteEventsEndpoint(identity.remoteEventsEndpoint())
        .setPublicKey(identity.publicKey())
        .setRole("agent")
        .build();
  }

  private CompletableFuture<Reply> start(StartRequest s) {
    if (s.getAppsCount() == 0 && s.getTargetsCount() == 0) {
      throw new CommandException(Failure.INVALID_ARGUMENT, "start needs apps or targets");
    }
    // Converted here (pure code), so a bad kill_signal fails before anything starts.
    List<AppSpec> specs = s.getAppsList().stream().map(AgentProtos::fromProto).toList();
    List<String> targets = s.getTargetsList();
    CompletableFuture<List<InstanceSnapshot>> added =
        specs.isEmpty() ? done(List.of()) : loop.call(() -> supervisor.start(specs));
    CompletableFuture<List<InstanceSnapshot>> all =
        targets.isEmpty()
            ? added
            : added.thenCompose(
                a ->
                    loop.call(() -> supervisor.startTargets(targets)).thenApply(b -> concat(a, b)));
    return all.thenApply(this::processList);
  }

  private CompletableFuture<Reply> restart(RestartRequest q) {
    // Converted here (pure code), so a bad replacement spec fails before anything changes.
    SpecChanges changes =
        new SpecChanges(
            q.getAppsList().stream().map(AgentProtos::fromProto).toList(),
            q.getEnvUpdatesMap(),
            q.getBaseEnvMap());
    return processes(() -> supervisor.restart(q.getTargetsList(), changes));
  }

  private CompletableFuture<Reply> reload(ReloadRequest q) {
    // Converted here (pure code), so a bad replacement spec fails before anything changes.
    SpecChanges changes =
        new SpecChanges(
            q.getAppsList().stream().map(AgentProtos::fromProto).toList(),
            q.getEnvUpdatesMap(),
            q.getBaseEnvMap());
    int parallel = q.getParallel() == 0 ? 1 : q.getParallel();
    return loop.call(() -> supervisor.reload(q.getTargetsList(), changes, parallel))
        .thenApply(
            result -> {
              ReloadReply.Builder b =
                  ReloadReply.newBuilder().addAllRestartedApps(result.restartedApps());
              result
                  .instances()
                  .forEach(s -> b.addProcesses(AgentProtos.toProto(s, identity.host())));
              return Reply.newBuilder().setReload(b).build();
            });
  }

  private CompletableFuture<Reply> scale(ScaleRequest s) {
    return switch (s.getCountCase()) {
      case ABSOLUTE -> processes(() -> supervisor.scale(s.getName(), s.getAbsolute(), false));
      case DELTA -> processes(() -> supervisor.scale(s.getName(), s.getDelta(), true));
      case COUNT_NOT_SET ->
          throw new CommandException(
              Failure.INVALID_ARGUMENT, "scale needs an absolute count or a delta");
    };
  }

  private CompletableFuture<Reply> describe(List<String> targets) {
    return loop.call(() -> done(supervisor.describe(targets)))
        .thenApply(
            details -> {
              DescribeReply.Builder b = DescribeReply.newBuilder();
              for (InstanceDetail d : details) {
                b.addDetails(AgentProtos.toProto(d, identity.host()));
              }
              return Reply.newBuilder().setDescribe(b).build();
            });
  }

  private CompletableFuture<Reply> processes(
      Supplier<CompletableFuture<List<InstanceSnapshot>>> work) {
    return loop.call(work).thenApply(this::processList);
  }

  private Reply processList(List<InstanceSnapshot> snapshots) {
    ProcessList.Builder b = ProcessList.newBuilder();
    snapshots.forEach(s -> b.addProcesses(AgentProtos.toProto(s, identity.host())));
    return Reply.newBuilder().setProcesses(b).build();
  }

  private Reply failure(String command, Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof CommandException c) {
      LOG.info(() -> command + " refused: " + c.failure() + ": " + c.getMessage());
      return Replies.error(ErrorCodes.of(c.failure()), c.getMessage());
    }
    if (e instanceof TimeoutException) {
      String message =
          command
              + " did not complete within "
              + Durations.format(deadline)
              + " (the agent goes on with it; check `jpm list`)";
      LOG.warning(message);
      return Replies.error(ErrorCode.ERROR_CODE_TIMEOUT, message);
    }
    LOG.log(Level.SEVERE, command + " failed inside the agent", e);
    return Replies.error(ErrorCode.ERROR_CODE_INTERNAL, command + " failed: " + e);
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }

  private static List<InstanceSnapshot> concat(List<InstanceSnapshot> a, List<InstanceSnapshot> b) {
    List<InstanceSnapshot> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
