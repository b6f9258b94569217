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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** `jpm start`: runs a script or a command as a new app, or starts existing apps again. */
public class StartCommand extends JpmCommand {
  private List<String> positionals = new ArrayList<>();

  private final AppOptions app = new AppOptions();

  private final LogOptions logOptions = new LogOptions();

  private final WatchOptions watchOptions = new WatchOptions();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .customSynopsis(
            "jpm start [OPTIONS] SCRIPT [-- ARGS...]",
            "jpm start CONFIG [--env PROFILE] [--env K=V...]",
            "jpm start --name NAME [OPTIONS] -- COMMAND [ARGS...]",
            "jpm start TARGET...")
        .description(
            "Starts a script (interpreter chosen from its extension unless --interpreter is given)"
                + " or a command given after --, as a new app, and exits once every instance is"
                + " online (ready, with --ready or --port); it fails with the reason when an"
                + " instance is not.",
            "Given a CONFIG file (*.yaml, *.yml, *.json, *.config.js; pm2's ecosystem keys), starts"
                + " its apps, and restarts those that exist with the file's settings.",
            "Given TARGETs (id, name, namespace or all) that are not files, starts those existing"
                + " apps again.",
            "Durations: 500ms, 3s, 1m. Sizes: 512K, 200M, 1G.");
    spec.addPositional(
        // 0..1 per position: what picocli gives a list without an arity (the golden help says so).
        Options.parameters(String.class, "0..1", () -> positionals, v -> positionals = v)
            .paramLabel("SCRIPT|CONFIG|TARGET")
            .description("Script file, config file, or apps to start again.")
            .build());
    app.describe(spec);
    logOptions.describe(spec);
    watchOptions.describe(spec);
  }

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
      return EnvArguments.parse(app.env());
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
    Path base = app.cwd() == null ? workingDir : workingDir.resolve(app.cwd()).normalize();
    if (before.isEmpty() && after.isEmpty()) {
      throw usage("Missing SCRIPT, -- COMMAND or TARGET");
    }
    if (before.isEmpty()) {
      String program = Path.of(after.get(0)).getFileName().toString();
      return newApp(
              base,
              spec(app.name() == null ? stripExtension(program) : app.name(), base)
                  .addAllCommand(after))
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
      return newApp(base, spec(app.name(), base).setScript(script.toString()).addAllArgs(after))
          .build();
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
    app.applyTo(b);
    logOptions.applyTo(b, base);
    watchOptions.applyTo(b);
    return b;
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
