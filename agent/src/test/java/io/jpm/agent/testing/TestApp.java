package io.jpm.agent.testing;

import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.InstancePolicy;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.RestartPolicy;
import io.jpm.agent.supervision.WatchPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A builder of {@link AppSpec}s for tests, starting from pm2's defaults. */
public final class TestApp {
  private final String name;
  private String namespace = "default";
  private List<String> command = List.of("sh", "-c", "sleep 300");
  private Path cwd = Path.of("/tmp");
  private Map<String, String> env = Map.of();
  private int instances = 1;
  private long maxMemory;
  private WatchPolicy watch = WatchPolicy.NONE;
  private boolean autorestart = true;
  private int maxRestarts = 16;
  private Duration minUptime = Duration.ofSeconds(1);
  private Duration restartDelay = Duration.ZERO;
  private Duration expBackoff;
  private Set<Integer> stopExitCodes = Set.of();
  private Duration killTimeout = Duration.ofMillis(1600);
  private String stopSignal = "TERM";
  private Duration readyTimeout;
  private ReadyCheck ready;
  private int port;
  private Balance balance = Balance.ROUND_ROBIN;
  private LogPolicy logs = LogPolicy.defaults();

  private TestApp(String name) {
    this.name = name;
  }

  /** An app running {@code sleep 300} under sh. */
  public static TestApp named(String name) {
    return new TestApp(name);
  }

  /** Runs this shell script under {@code sh -c}. */
  public TestApp shell(String script) {
    this.command = List.of("sh", "-c", script);
    return this;
  }

  /** Sets the namespace. */
  public TestApp namespace(String ns) {
    this.namespace = ns;
    return this;
  }

  /** Sets the working directory. */
  public TestApp cwd(Path dir) {
    this.cwd = dir;
    return this;
  }

  /** Sets the environment. */
  public TestApp env(Map<String, String> vars) {
    this.env = vars;
    return this;
  }

  /** Sets the instance count. */
  public TestApp instances(int n) {
    this.instances = n;
    return this;
  }

  /** Turns autorestart on or off. */
  public TestApp autorestart(boolean on) {
    this.autorestart = on;
    return this;
  }

  /** Sets max_restarts. */
  public TestApp maxRestarts(int n) {
    this.maxRestarts = n;
    return this;
  }

  /** Sets min_uptime. */
  public TestApp minUptime(Duration d) {
    this.minUptime = d;
    return this;
  }

  /** Sets restart_delay. */
  public TestApp restartDelay(Duration d) {
    this.restartDelay = d;
    return this;
  }

  /** Sets exp_backoff_restart_delay. */
  public TestApp expBackoff(Duration initial) {
    this.expBackoff = initial;
    return this;
  }

  /** Sets stop_exit_codes. */
  public TestApp stopExitCodes(Integer... codes) {
    this.stopExitCodes = Set.of(codes);
    return this;
  }

  /** Sets kill_timeout. */
  /** What to watch for changes (`--watch`). */
  public TestApp watch(WatchPolicy policy) {
    this.watch = policy;
    return this;
  }

  /** max_memory_restart in bytes (0: none). */
  public TestApp maxMemory(long bytes) {
    this.maxMemory = bytes;
    return this;
  }

  /** Sets the kill timeout. */
  public TestApp killTimeout(Duration d) {
    this.killTimeout = d;
    return this;
  }

  /** Sets the stop signal (name without SIG). */
  public TestApp stopSignal(String sig) {
    this.stopSignal = sig;
    return this;
  }

  /** Sets a readiness check and its deadline (listen_timeout). */
  public TestApp ready(String check, Duration listenTimeout) {
    this.ready = ReadyCheck.parse(check);
    this.readyTimeout = listenTimeout;
    return this;
  }

  /** Sets the public port (checked with "tcp" unless {@link #ready} says otherwise). */
  public TestApp port(int publicPort) {
    this.port = publicPort;
    if (ready == null) {
      ready("tcp", Duration.ofSeconds(3));
    }
    return this;
  }

  /** Sets how the public port picks instances. */
  public TestApp balance(Balance how) {
    this.balance = how;
    return this;
  }

  /** Sets how output is kept. */
  public TestApp logs(LogPolicy policy) {
    this.logs = policy;
    return this;
  }

  /** The spec. */
  public AppSpec build() {
    RestartPolicy restart =
        new RestartPolicy(
            autorestart, maxRestarts, minUptime, restartDelay, expBackoff, stopExitCodes);
    return new AppSpec(
        name,
        namespace,
        null,
        List.of(),
        null,
        command,
        cwd,
        env,
        instances,
        new InstancePolicy(restart, killTimeout, stopSignal, readyTimeout),
        maxMemory,
        Map.of(),
        logs,
        port,
        ready,
        watch,
        balance);
  }
}
