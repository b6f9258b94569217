package io.jpm.cli.commands;

import io.jpm.agent.supervision.Interpreters;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.config.ConfigFile;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StartRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** `jpm start`: runs a script or a command as a new app, or starts existing apps again. */
@Command(
    name = "start",
    customSynopsis = {
      "jpm start [OPTIONS] SCRIPT [-- ARGS...]",
      "jpm start CONFIG [--env PROFILE] [--env K=V...]",
      "jpm start --name NAME [OPTIONS] -- COMMAND [ARGS...]",
      "jpm start TARGET...",
    },
    description = {
      "Starts a script (interpreter chosen from its extension unless --interpreter is given) or"
          + " a command given after --, as a new app, and exits once every instance is online"
          + " (ready, with --ready or --port); it fails with the reason when an instance is not.",
      "Given a CONFIG file (*.yaml, *.yml, *.json, *.config.js; pm2's ecosystem keys), starts"
          + " its apps, and restarts those that exist with the file's settings.",
      "Given TARGETs (id, name, namespace or all) that are not files, starts those existing"
          + " apps again.",
      "Durations: 500ms, 3s, 1m. Sizes: 512K, 200M, 1G.",
    })
public class StartCommand extends JpmCommand {
  @Parameters(
      paramLabel = "SCRIPT|CONFIG|TARGET",
      description = "Script file, config file, or apps to start again.")
  private List<String> positionals = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "App name (default: the script's name).")
  private String name;

  @Option(
      names = {"-i", "--instances"},
      paramLabel = "N|max",
      converter = Converters.Instances.class,
      description = "Number of instances, or max for one per CPU (default 1).")
  private InstanceCount instances;

  @Option(
      names = "--cwd",
      paramLabel = "DIR",
      description = "Working directory (default: the current one); the script is found in it.")
  private Path cwd;

  @Option(
      names = "--env",
      paramLabel = "K=V|PROFILE",
      description =
          "Environment variable for the app (repeatable); with a config file, a name without ="
              + " selects its env_PROFILE blocks.")
  private List<String> env = new ArrayList<>();

  @Option(
      names = "--interpreter",
      paramLabel = "PROGRAM",
      description = "Program that runs the script (e.g. python3, node; none to exec it).")
  private String interpreter;

  @Option(
      names = "--namespace",
      paramLabel = "NAME",
      description = "Group name commands can target.")
  private String namespace;

  @Option(
      names = "--max-restarts",
      paramLabel = "N",
      description = "Unstable restarts in a row before giving up (default 16).")
  private Integer maxRestarts;

  @Option(
      names = "--min-uptime",
      paramLabel = "DUR",
      converter = Converters.NonNegativeDuration.class,
      description = "An exit sooner than this after start is unstable (default 1s).")
  private Duration minUptime;

  @Option(
      names = "--restart-delay",
      paramLabel = "DUR",
      converter = Converters.NonNegativeDuration.class,
      description = "Delay before each automatic restart (default 0).")
  private Duration restartDelay;

  @Option(
      names = "--exp-backoff",
      arity = "0..1",
      paramLabel = "DUR",
      parameterConsumer = Converters.OptionalDuration.class,
      description = "Grow the restart delay x1.5 per restart from DUR (default 100ms) up to 15s.")
  private Duration expBackoff;

  @Option(
      names = "--kill-timeout",
      paramLabel = "DUR",
      converter = Converters.NonNegativeDuration.class,
      description = "Time between the stop signal and SIGKILL (default 1600ms).")
  private Duration killTimeout;

  @Option(
      names = "--kill-signal",
      paramLabel = "SIG",
      converter = Converters.Signal.class,
      description = "Stop signal (default SIGTERM).")
  private String killSignal;

  @Option(
      names = "--stop-exit-codes",
      paramLabel = "CODE",
      split = ",",
      description = "Exit codes after which the app is not restarted, e.g. 0,3.")
  private List<Integer> stopExitCodes = new ArrayList<>();

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      converter = Converters.Size.class,
      description = "Restart an instance whose resident memory exceeds SIZE.")
  private Long maxMemory;

  @Option(names = "--no-autorestart", description = "Do not restart the app when it exits.")
  private boolean noAutorestart;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = Converters.Port.class,
      description =
          "Public port the agent owns for the app; each instance listens on its own private port,"
              + " given in PORT and JPM_PORT, and gets connections once ready (check: tcp unless"
              + " --ready says otherwise).")
  private Integer port;

  @Option(
      names = "--balance",
      paramLabel = "round-robin|least-conn",
      converter = Converters.BalanceWord.class,
      description =
          "How --port picks the instance for a new connection: each in turn (round-robin, the"
              + " default) or the one with the fewest open connections (least-conn).")
  private String balance;

  @Option(
      names = "--ready",
      paramLabel = "CHECK",
      converter = Converters.Ready.class,
      description =
          "Readiness check: tcp (PORT accepts), http:/PATH (GET on PORT answers 2xx) or"
              + " log:REGEX (a stdout line matches). An instance is online only once it passes,"
              + " and reload replaces instances without stopping them first.")
  private String ready;

  @Option(
      names = "--listen-timeout",
      paramLabel = "DUR",
      converter = Converters.PositiveDuration.class,
      description = "How long an instance may take to pass its check (default 3s, as pm2).")
  private Duration listenTimeout;

  @Mixin private LogOptions logOptions = new LogOptions();

  @Mixin private WatchOptions watchOptions = new WatchOptions();

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    out().print(TableRenderer.processes(plan().send().get()));
    return ExitCodes.OK;
  }

  /**
   * A start checked in full and not sent yet.
   *
   * @param startsExistingApps true when the arguments name existing apps (TARGETs), not a script, a
   *     command or a config file
   * @param send sends it to the agent and returns the resulting rows
   */
  record Plan(boolean startsExistingApps, Supplier<List<ProcessInfo>> send) {}

  /**
   * Checks the command line in full, reading and checking a config file, without asking the agent
   * anything: a usage error or a bad file fails here, before anything starts.
   */
  final Plan plan() {
    String config = configFile();
    if (config == null) {
      StartRequest start =
          withOwnSettings(withBaseEnv(toRequest(context().workingDir()), context().env()));
      Request request = Request.newBuilder().setStart(start).build();
      return new Plan(
          start.getAppsCount() == 0,
          () ->
              call("start", request, Reply.ResultCase.PROCESSES).getProcesses().getProcessesList());
    }
    checkAlone(config);
    ConfigLaunch launch = new ConfigLaunch(this);
    Ecosystem loaded = launch.load(config, envArguments());
    Ecosystem ecosystem =
        new Ecosystem(
            loaded.apps().stream().map(a -> withOwnSettings(a, true)).toList(),
            loaded.ignoredKeys());
    return new Plan(false, () -> launch.apply("start", ecosystem, config));
  }

  /**
   * With --hosts: the script, command or config file is read here and its apps are sent as specs to
   * every matching host (without this shell's environment: each host's apps get their agent's); a
   * host that already has one of the apps fails. TARGETs start existing apps again on each host.
   */
  @Override
  protected int executeOnFleet() {
    String config = configFile();
    StartRequest start;
    if (config == null) {
      start = toRequest(context().workingDir());
    } else {
      checkAlone(config);
      Ecosystem ecosystem = new ConfigLaunch(this).load(config, envArguments());
      start = StartRequest.newBuilder().addAllApps(ecosystem.apps()).build();
    }
    return report(
        "start",
        callFleet("start", Request.newBuilder().setStart(start).build()),
        ReplySummary::of);
  }

  private void checkAlone(String config) {
    boolean otherOptions =
        spec().commandLine().getParseResult().matchedOptions().stream()
            .anyMatch(o -> !o.inherited() && !goesWithConfigFile(o.longestName()));
    if (otherOptions || positionals.size() > 1) {
      throw usage(
          "A config file takes no other arguments or options than --env; put them in " + config);
    }
  }

  /**
   * A new app's spec as this command runs it: as given for `jpm start`; a subclass may add its own
   * settings (`jpm dev` turns watching on).
   *
   * @param fromConfigFile true for an app of a config file, false for the command line's script or
   *     command
   */
  protected AppSpec withOwnSettings(AppSpec app, boolean fromConfigFile) {
    return app;
  }

  private StartRequest withOwnSettings(StartRequest start) {
    StartRequest.Builder b = start.toBuilder().clearApps();
    start.getAppsList().forEach(a -> b.addApps(withOwnSettings(a, false)));
    return b.build();
  }

  /** True for the options that may be given beside a config file ({@code --env} for start). */
  protected boolean goesWithConfigFile(String option) {
    return option.equals("--env");
  }

  /** The config file argument, or null when the first argument is not one. */
  private String configFile() {
    int afterDashes = countAfterEndOfOptions();
    boolean first = positionals.size() > afterDashes;
    return first && ConfigFile.isConfigFile(positionals.get(0)) ? positionals.get(0) : null;
  }

  /** {@code start} with {@code baseEnv} as the base environment of every new app. */
  static StartRequest withBaseEnv(StartRequest start, Map<String, String> baseEnv) {
    StartRequest.Builder b = start.toBuilder();
    for (AppSpec.Builder app : b.getAppsBuilderList()) {
      app.putAllBaseEnv(baseEnv);
    }
    return b.build();
  }

  private EnvArguments envArguments() {
    try {
      return EnvArguments.parse(env);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /**
   * The request the command line asks for, with the script and cwd resolved against {@code
   * workingDir}. Checks everything that can be checked without the agent.
   *
   * @throws ParameterException on a usage error
   * @throws CliFailure when a file is missing or a config file is given
   */
  StartRequest toRequest(Path workingDir) {
    int afterDashes = countAfterEndOfOptions();
    List<String> before = positionals.subList(0, positionals.size() - afterDashes);
    List<String> after = positionals.subList(positionals.size() - afterDashes, positionals.size());
    Path base = cwd == null ? workingDir : workingDir.resolve(cwd).normalize();
    if (before.isEmpty() && after.isEmpty()) {
      throw usage("Missing SCRIPT, -- COMMAND or TARGET");
    }
    if (before.isEmpty()) {
      String program = Path.of(after.get(0)).getFileName().toString();
      return newApp(
              base, spec(name == null ? stripExtension(program) : name, base).addAllCommand(after))
          .build();
    }
    String first = before.get(0);
    if (ConfigFile.isConfigFile(first)) {
      throw new IllegalStateException("execute() handles config files: " + first);
    }
    Path script = base.resolve(first).normalize();
    if (Files.isRegularFile(script)) {
      if (before.size() > 1) {
        throw usage(
            "Unexpected argument '" + before.get(1) + "': put the script's arguments after --");
      }
      return newApp(base, spec(name, base).setScript(script.toString()).addAllArgs(after)).build();
    }
    if (afterDashes > 0 || appOptionGiven() || looksLikeScript(first)) {
      throw CliFailure.failed("start failed: script not found: " + script);
    }
    return StartRequest.newBuilder().addAllTargets(before).build();
  }

  private StartRequest.Builder newApp(Path base, AppSpec.Builder app) {
    if (!Files.isDirectory(base)) {
      throw CliFailure.failed("start failed: working directory not found: " + base);
    }
    return StartRequest.newBuilder().addApps(app);
  }

  private AppSpec.Builder spec(String appName, Path base) {
    EnvArguments vars = envArguments();
    if (vars.profile() != null) {
      throw usage(
          "--env "
              + vars.profile()
              + " selects a profile of a config file; give K=V to set a variable");
    }
    AppSpec.Builder b = AppSpec.newBuilder().setCwd(base.toString()).putAllEnv(vars.vars());
    if (appName != null) {
      b.setName(appName);
    }
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
    logOptions.applyTo(b, base);
    watchOptions.applyTo(b);
    return b.addAllStopExitCodes(stopExitCodes);
  }

  /** How many positionals came after "--" (picocli does not say, the original args do). */
  private int countAfterEndOfOptions() {
    List<String> original = spec().commandLine().getParseResult().originalArgs();
    int dashes = original.indexOf("--");
    return dashes < 0 ? 0 : Math.min(positionals.size(), original.size() - dashes - 1);
  }

  private boolean appOptionGiven() {
    return spec().commandLine().getParseResult().matchedOptions().stream()
        .anyMatch(o -> !o.inherited());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec().commandLine(), message);
  }

  /** A path, or a name with a script extension: a missing file, not an app name. */
  private static boolean looksLikeScript(String arg) {
    return arg.contains("/") || !Interpreters.detect(arg).isEmpty();
  }

  private static String stripExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }
}
