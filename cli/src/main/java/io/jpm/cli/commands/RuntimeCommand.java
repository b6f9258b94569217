package io.jpm.cli.commands;

import java.util.Set;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `jpm runtime`: the container entry point, like pm2-runtime. Runs an agent inside this JVM, starts
 * a config file or a script with `jpm start`'s options, copies the apps' output to its own stdout
 * and stderr, and ends when no app runs any more or on SIGTERM/SIGINT, stopping the apps.
 */
public final class RuntimeCommand extends ForegroundCommand {
  private static final Set<String> RUNTIME_OPTIONS =
      Set.of("--raw", "--formatted", "--no-auto-exit");

  // --raw and --formatted: one or the other (an exclusive group).
  private boolean raw;

  private boolean formatted;

  private boolean noAutoExit;

  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .customSynopsis(
            "jpm runtime [--formatted] [--no-auto-exit] CONFIG [--env PROFILE] [--env K=V...]",
            "jpm runtime [--formatted] [--no-auto-exit] [START OPTIONS] SCRIPT [-- ARGS...]",
            "jpm runtime [--formatted] [--no-auto-exit] --name NAME [START OPTIONS] -- COMMAND"
                + " [ARGS...]")
        .description(
            "The container entry point (pm2-runtime): runs the agent for JPM_HOME in the"
                + " foreground, inside this process, and starts the apps of CONFIG, or SCRIPT /"
                + " COMMAND with the options of `jpm start`. Refuses to run when an agent already"
                + " runs for JPM_HOME.",
            "Every output line of the apps is copied as it comes: stdout lines to stdout, stderr"
                + " lines to stderr, bare as pm2-runtime prints them, or prefixed '3|web[0] | '"
                + " with --formatted. The log files under JPM_HOME/logs are written as usual.",
            "Other jpm commands (list, logs, restart, ...) talk to this agent as usual. It ends"
                + " when no app runs or will run again (all stopped, exited for good, errored or"
                + " deleted): exit 0 when every app stopped or exited with code 0, else 1. On"
                + " SIGTERM or SIGINT, and on `jpm kill`, it stops the apps (each within its"
                + " kill_timeout) and exits 0.",
            "Exit codes: 0 stopped cleanly; 1 an app failed, the start failed, or an agent already"
                + " runs for JPM_HOME; 2 usage error (nothing started).");
    spec.addArgGroup(
        ArgGroupSpec.builder()
            .exclusive(true)
            .addArg(
                Options.flag(() -> raw, v -> raw = v, "--raw")
                    .description("Print the apps' lines bare (the default, as pm2).")
                    .build())
            .addArg(
                Options.flag(() -> formatted, v -> formatted = v, "--formatted")
                    .description(
                        "Prefix each line with its instance, as `jpm logs` does: '3|web[0] | '.")
                    .build())
            .build());
    spec.addOption(
        Options.flag(() -> noAutoExit, v -> noAutoExit = v, "--no-auto-exit")
            .description("Keep running when no app runs any more (until SIGTERM or `jpm kill`).")
            .build());
  }

  /** True when lines get the `jpm logs` prefix. */
  boolean formatted() {
    return formatted;
  }

  @Override
  boolean autoExit() {
    return !noAutoExit;
  }

  @Override
  protected String label() {
    return "runtime";
  }

  @Override
  OutputRelay relay() {
    OutputRelay.Prefix prefix = formatted() ? OutputRelay.Prefix.PLAIN : OutputRelay.Prefix.NONE;
    return new OutputRelay(out(), err(), prefix, label());
  }

  @Override
  protected boolean goesWithConfigFile(String option) {
    return super.goesWithConfigFile(option) || RUNTIME_OPTIONS.contains(option);
  }
}
