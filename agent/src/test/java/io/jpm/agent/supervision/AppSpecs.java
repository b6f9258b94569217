package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds AppSpecs for tests: {@code AppSpecs.shell("web", "exec sleep 300").instances(3).build()}.
 */
public final class AppSpecs {
  private AppSpecs() {}

  /** An app running {@code sh -c script}, with pm2's defaults for everything else. */
  public static Builder shell(String name, String script) {
    return new Builder(name, List.of("sh", "-c", script));
  }

  /** A mutable builder; every setter returns it. */
  public static final class Builder {
    private final String name;
    private final List<String> command;
    private Path cwd = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    private final Map<String, String> env = new HashMap<>();
    private int instances = 1;
    private boolean autorestart = true;
    private int maxRestarts = 16;
    private Duration minUptime = Duration.ofSeconds(1);
    private Duration restartDelay = Duration.ZERO;
    private Set<Integer> stopExitCodes = Set.of();
    private Duration killTimeout = Duration.ofMillis(1600);

    private Builder(String name, List<String> command) {
      this.name = name;
      this.command = command;
    }

    /** Working directory (absolute). */
    public Builder cwd(Path dir) {
      this.cwd = dir;
      return this;
    }

    /** Adds an environment variable. */
    public Builder env(String key, String value) {
      env.put(key, value);
      return this;
    }

    /** Number of instances. */
    public Builder instances(int count) {
      this.instances = count;
      return this;
    }

    /** Restart on exit at all. */
    public Builder autorestart(boolean on) {
      this.autorestart = on;
      return this;
    }

    /** Unstable exits in a row before FATAL. */
    public Builder maxRestarts(int count) {
      this.maxRestarts = count;
      return this;
    }

    /** An exit sooner than this is unstable. */
    public Builder minUptime(Duration d) {
      this.minUptime = d;
      return this;
    }

    /** Fixed delay before each restart. */
    public Builder restartDelay(Duration d) {
      this.restartDelay = d;
      return this;
    }

    /** Exit codes that leave the instance down. */
    public Builder stopExitCodes(Integer... codes) {
      this.stopExitCodes = Set.of(codes);
      return this;
    }

    /** Time between the stop signal and SIGKILL. */
    public Builder killTimeout(Duration d) {
      this.killTimeout = d;
      return this;
    }

    /** The spec. */
    public AppSpec build() {
      RestartPolicy restart =
          new RestartPolicy(autorestart, maxRestarts, minUptime, restartDelay, null, stopExitCodes);
      return new AppSpec(
          name,
          "default",
          null,
          List.of(),
          null,
          command,
          cwd,
          env,
          instances,
          new InstancePolicy(restart, killTimeout, "TERM", null),
          0);
    }
  }
}
