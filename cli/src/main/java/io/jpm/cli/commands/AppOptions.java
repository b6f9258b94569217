package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The app options of `jpm start` (and of runtime and dev): name, instances, restarts, port... */
final class AppOptions {
  private String name;

  private InstanceCount instances;

  private Path cwd;

  private List<String> env = new ArrayList<>();

  private String interpreter;

  private String namespace;

  private Integer maxRestarts;

  private Duration minUptime;

  private Duration restartDelay;

  private Duration expBackoff;

  private Duration killTimeout;

  private String killSignal;

  private List<Integer> stopExitCodes = new ArrayList<>();

  private Long maxMemory;

  private boolean noAutorestart;

  private Integer port;

  private String balance;

  private String ready;

  private Duration listenTimeout;

  /** --name, or null. */
  String name() {
    return name;
  }

  /** --cwd, or null. */
  Path cwd() {
    return cwd;
  }

  /** The --env values as typed. */
  List<String> env() {
    return env;
  }

  /** Declares these options in {@code spec}, StartCommand's model. */
  void describe(CommandSpec spec) {
    spec.addOption(
        Options.option(String.class, () -> name, v -> name = v, "--name")
            .paramLabel("NAME")
            .description("App name (default: the script's name).")
            .build());
    spec.addOption(
        Options.option(
                InstanceCount.class, () -> instances, v -> instances = v, "-i", "--instances")
            .paramLabel("N|max")
            .converters(new Converters.Instances())
            .description("Number of instances, or max for one per CPU (default 1).")
            .build());
    spec.addOption(
        Options.option(Path.class, () -> cwd, v -> cwd = v, "--cwd")
            .paramLabel("DIR")
            .description("Working directory (default: the current one); the script is found in it.")
            .build());
    spec.addOption(
        Options.list(String.class, () -> env, v -> env = v, "--env")
            .paramLabel("K=V|PROFILE")
            .description(
                "Environment variable for the app (repeatable); with a config file, a name without"
                    + " = selects its env_PROFILE blocks.")
            .build());
    spec.addOption(
        Options.option(String.class, () -> interpreter, v -> interpreter = v, "--interpreter")
            .paramLabel("PROGRAM")
            .description("Program that runs the script (e.g. python3, node; none to exec it).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> namespace, v -> namespace = v, "--namespace")
            .paramLabel("NAME")
            .description("Group name commands can target.")
            .build());
    spec.addOption(
        Options.option(Integer.class, () -> maxRestarts, v -> maxRestarts = v, "--max-restarts")
            .paramLabel("N")
            .description("Unstable restarts in a row before giving up (default 16).")
            .build());
    spec.addOption(
        Options.option(Duration.class, () -> minUptime, v -> minUptime = v, "--min-uptime")
            .paramLabel("DUR")
            .converters(new Converters.NonNegativeDuration())
            .description("An exit sooner than this after start is unstable (default 1s).")
            .build());
    spec.addOption(
        Options.option(Duration.class, () -> restartDelay, v -> restartDelay = v, "--restart-delay")
            .paramLabel("DUR")
            .converters(new Converters.NonNegativeDuration())
            .description("Delay before each automatic restart (default 0).")
            .build());
    spec.addOption(
        Options.option(Duration.class, () -> expBackoff, v -> expBackoff = v, "--exp-backoff")
            .arity("0..1")
            .paramLabel("DUR")
            .parameterConsumer(new Converters.OptionalDuration())
            .description(
                "Grow the restart delay x1.5 per restart from DUR (default 100ms) up to 15s.")
            .build());
    spec.addOption(
        Options.option(Duration.class, () -> killTimeout, v -> killTimeout = v, "--kill-timeout")
            .paramLabel("DUR")
            .converters(new Converters.NonNegativeDuration())
            .description("Time between the stop signal and SIGKILL (default 1600ms).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> killSignal, v -> killSignal = v, "--kill-signal")
            .paramLabel("SIG")
            .converters(new Converters.Signal())
            .description("Stop signal (default SIGTERM).")
            .build());
    spec.addOption(
        Options.list(
                Integer.class, () -> stopExitCodes, v -> stopExitCodes = v, "--stop-exit-codes")
            .paramLabel("CODE")
            .splitRegex(",")
            .description("Exit codes after which the app is not restarted, e.g. 0,3.")
            .build());
    spec.addOption(
        Options.option(Long.class, () -> maxMemory, v -> maxMemory = v, "--max-memory")
            .paramLabel("SIZE")
            .converters(new Converters.Size())
            .description("Restart an instance whose resident memory exceeds SIZE.")
            .build());
    spec.addOption(
        Options.flag(() -> noAutorestart, v -> noAutorestart = v, "--no-autorestart")
            .description("Do not restart the app when it exits.")
            .build());
    spec.addOption(
        Options.option(Integer.class, () -> port, v -> port = v, "--port")
            .paramLabel("PORT")
            .converters(new Converters.Port())
            .description(
                "Public port the agent owns for the app; each instance listens on its own private"
                    + " port, given in PORT and JPM_PORT, and gets connections once ready (check:"
                    + " tcp unless --ready says otherwise).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> balance, v -> balance = v, "--balance")
            .paramLabel("round-robin|least-conn")
            .converters(new Converters.BalanceWord())
            .description(
                "How --port picks the instance for a new connection: each in turn (round-robin, the"
                    + " default) or the one with the fewest open connections (least-conn).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> ready, v -> ready = v, "--ready")
            .paramLabel("CHECK")
            .converters(new Converters.Ready())
            .description(
                "Readiness check: tcp (PORT accepts), http:/PATH (GET on PORT answers 2xx) or"
                    + " log:REGEX (a stdout line matches). An instance is online only once it"
                    + " passes, and reload replaces instances without stopping them first.")
            .build());
    spec.addOption(
        Options.option(
                Duration.class, () -> listenTimeout, v -> listenTimeout = v, "--listen-timeout")
            .paramLabel("DUR")
            .converters(new Converters.PositiveDuration())
            .description("How long an instance may take to pass its check (default 3s, as pm2).")
            .build());
  }

  /** Puts the options given into {@code b}, except the name, cwd and environment. */
  void applyTo(AppSpec.Builder b) {
    if (namespace != null) {
      b.setNamespace(namespace);
    }
    if (interpreter != null) {
      b.setInterpreter(interpreter);
    }
    if (instances != null) {
      b.setInstances(instances.count()).setInstancesMax(instances.max());
    }
    if (maxRestarts != null) {
      b.setMaxRestarts(maxRestarts);
    }
    if (minUptime != null) {
      b.setMinUptimeMs(minUptime.toMillis());
    }
    if (restartDelay != null) {
      b.setRestartDelayMs(restartDelay.toMillis());
    }
    if (expBackoff != null) {
      b.setExpBackoffRestartDelayMs(expBackoff.toMillis());
    }
    if (killTimeout != null) {
      b.setKillTimeoutMs(killTimeout.toMillis());
    }
    if (killSignal != null) {
      b.setKillSignal(killSignal);
    }
    if (maxMemory != null) {
      b.setMaxMemoryBytes(maxMemory);
    }
    if (noAutorestart) {
      b.setAutorestart(false);
    }
    if (port != null) {
      b.setPort(port);
    }
    if (balance != null) {
      b.setBalance(balance);
    }
    if (ready != null) {
      b.setReady(ready);
    }
    if (listenTimeout != null) {
      b.setListenTimeoutMs(listenTimeout.toMillis());
    }
    b.addAllStopExitCodes(stopExitCodes);
  }
}
