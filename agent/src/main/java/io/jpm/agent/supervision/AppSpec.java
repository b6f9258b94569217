package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A declared app: what to run, how many, and the rules that supervise it. Immutable.
 *
 * @param name unique app name
 * @param namespace group name that commands can target
 * @param script script or executable path (absolute, or relative to cwd); null with command
 * @param args arguments after the script
 * @param interpreter explicit interpreter, "none" for direct exec, or null to detect
 * @param command full argv used as is when non-empty
 * @param cwd working directory of the instances
 * @param env variables added to the agent's environment (values are never reported)
 * @param instances number of instances, at least 1
 * @param policy restart, stop and readiness rules
 * @param maxMemoryBytes restart above this resident size; 0 for no limit
 * @param baseEnv the starting shell's environment; empty means the agent's own environment
 * @param logs how output is kept and rotated
 * @param port public port the agent balances over the instances, 0 for none
 * @param ready readiness check, null for none; set exactly when {@code policy.readyTimeout()} is
 * @param watch files whose change restarts the app
 * @param balance how the public port picks an instance (only meaningful with a port)
 */
public record AppSpec(
    String name,
    String namespace,
    String script,
    List<String> args,
    String interpreter,
    List<String> command,
    Path cwd,
    Map<String, String> env,
    int instances,
    InstancePolicy policy,
    long maxMemoryBytes,
    Map<String, String> baseEnv,
    LogPolicy logs,
    int port,
    ReadyCheck ready,
    WatchPolicy watch,
    Balance balance) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@:+-]{0,99}");

  /** Defensive copies, so a spec never changes after construction. */
  public AppSpec {
    args = List.copyOf(args);
    command = List.copyOf(command);
    env = Map.copyOf(env);
    baseEnv = Map.copyOf(baseEnv);
    watch = watch == null ? WatchPolicy.NONE : watch;
    balance = balance == null ? Balance.ROUND_ROBIN : balance;
  }

  /** A spec balancing round-robin. */
  public AppSpec(
      String name,
      String namespace,
      String script,
      List<String> args,
      String interpreter,
      List<String> command,
      Path cwd,
      Map<String, String> env,
      int instances,
      InstancePolicy policy,
      long maxMemoryBytes,
      Map<String, String> baseEnv,
      LogPolicy logs,
      int port,
      ReadyCheck ready,
      WatchPolicy watch) {
    this(
        name,
        namespace,
        script,
        args,
        interpreter,
        command,
        cwd,
        env,
        instances,
        policy,
        maxMemoryBytes,
        baseEnv,
        logs,
        port,
        ready,
        watch,
        Balance.ROUND_ROBIN);
  }

  /** A spec that watches no file. */
  public AppSpec(
      String name,
      String namespace,
      String script,
      List<String> args,
      String interpreter,
      List<String> command,
      Path cwd,
      Map<String, String> env,
      int instances,
      InstancePolicy policy,
      long maxMemoryBytes,
      Map<String, String> baseEnv,
      LogPolicy logs,
      int port,
      ReadyCheck ready) {
    this(
        name,
        namespace,
        script,
        args,
        interpreter,
        command,
        cwd,
        env,
        instances,
        policy,
        maxMemoryBytes,
        baseEnv,
        logs,
        port,
        ready,
        WatchPolicy.NONE);
  }

  /** A spec without port or readiness check. */
  public AppSpec(
      String name,
      String namespace,
      String script,
      List<String> args,
      String interpreter,
      List<String> command,
      Path cwd,
      Map<String, String> env,
      int instances,
      InstancePolicy policy,
      long maxMemoryBytes,
      Map<String, String> baseEnv,
      LogPolicy logs) {
    this(
        name,
        namespace,
        script,
        args,
        interpreter,
        command,
        cwd,
        env,
        instances,
        policy,
        maxMemoryBytes,
        baseEnv,
        logs,
        0,
        null);
  }

  /** A spec with the agent's environment as base and default logging. */
  public AppSpec(
      String name,
      String namespace,
      String script,
      List<String> args,
      String interpreter,
      List<String> command,
      Path cwd,
      Map<String, String> env,
      int instances,
      InstancePolicy policy,
      long maxMemoryBytes) {
    this(
        name,
        namespace,
        script,
        args,
        interpreter,
        command,
        cwd,
        env,
        instances,
        policy,
        maxMemoryBytes,
        Map.of(),
        LogPolicy.defaults());
  }

  /** The argv to execute, with the interpreter detected from the script's extension. */
  public List<String> argv() {
    return Interpreters.argv(this);
  }

  /** This spec with another instance count. */
  public AppSpec withInstances(int count) {
    return new AppSpec(
        name,
        namespace,
        script,
        args,
        interpreter,
        command,
        cwd,
        env,
        count,
        policy,
        maxMemoryBytes,
        baseEnv,
        logs,
        port,
        ready,
        watch,
        balance);
  }

  /** True when each instance gets a private port of its own (in PORT and JPM_PORT). */
  public boolean hasPrivatePorts() {
    return port > 0 || (ready != null && ready.needsPort());
  }

  /**
   * True when `reload` can start a replacement next to each process: the app says when an instance
   * is ready (a check, which every app with a port has).
   */
  public boolean reloadsInPlace() {
    return ready != null;
  }

  /** Every problem with this spec, as "key: problem" lines; empty when valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      out.add(
          "name: '"
              + name
              + "' is not a valid app name (letters, digits, _ . @ : + -; at most 100)");
    } else if (name.chars().allMatch(Character::isDigit) || name.equals("all")) {
      out.add("name: '" + name + "' would be ambiguous with an id or 'all'");
    }
    if (namespace == null || !NAME.matcher(namespace).matches()) {
      out.add("namespace: '" + namespace + "' is not a valid namespace");
    }
    if ((script == null || script.isBlank()) && command.isEmpty()) {
      out.add("script: a script or a command is required");
    }
    if (cwd == null || !cwd.isAbsolute()) {
      out.add("cwd: must be an absolute path, got " + cwd);
    }
    if (instances < 1 || instances > 1024) {
      out.add("instances: must be between 1 and 1024, got " + instances);
    }
    RestartPolicy r = policy.restart();
    if (r.maxRestarts() < 0) {
      out.add("max_restarts: must not be negative");
    }
    if (r.minUptime().isNegative() || r.restartDelay().isNegative()) {
      out.add("min_uptime/restart_delay: must not be negative");
    }
    if (r.expBackoffInitial() != null && r.expBackoffInitial().toMillis() <= 0) {
      out.add("exp_backoff_restart_delay: must be positive");
    }
    if (policy.killTimeout().isNegative()) {
      out.add("kill_timeout: must not be negative");
    }
    if (Signals.parse(policy.stopSignal()).isEmpty()) {
      out.add("kill_signal: unknown signal '" + policy.stopSignal() + "'");
    }
    if (maxMemoryBytes < 0) {
      out.add("max_memory_restart: must not be negative");
    }
    if (port < 0 || port > 65535) {
      out.add("port: must be between 1 and 65535, got " + port);
    }
    if ((ready == null) != (policy.readyTimeout() == null)) {
      out.add("listen_timeout: must be set exactly when a readiness check (ready) is");
    } else if (ready != null
        && (policy.readyTimeout().isNegative() || policy.readyTimeout().isZero())) {
      out.add("listen_timeout: must be positive");
    }
    out.addAll(logs.problems());
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
        out.add("env: invalid variable name '" + key + "'");
      }
    }
    return out;
  }
}
