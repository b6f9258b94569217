package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `jpm dev`: pm2-dev. Runs the agent in the foreground like `jpm runtime`, with watching on for
 * every app, the apps' lines on the terminal with their instance prefix, and no end of its own: it
 * runs until Ctrl-C (or SIGTERM, `jpm kill`), which stops everything it started.
 */
public final class DevCommand extends ForegroundCommand {

  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .customSynopsis(
            "jpm dev CONFIG [--env PROFILE] [--env K=V...]",
            "jpm dev [START OPTIONS] SCRIPT [-- ARGS...]",
            "jpm dev --name NAME [START OPTIONS] -- COMMAND [ARGS...]")
        .description(
            "Development mode (pm2-dev): runs the agent for JPM_HOME in the foreground, inside this"
                + " process, starts the apps of CONFIG, or SCRIPT / COMMAND with the options of"
                + " `jpm start`, and restarts them when their files change.",
            "Watching is on: a script's directory (or --watch PATH), the current directory for a"
                + " COMMAND, each app's cwd for a CONFIG unless the app sets watch. A change also"
                + " starts an app again that crashed or gave up restarting.",
            "Every output line of the apps is printed with its instance, '3|web[0] | ' (stderr"
                + " lines marked 'err'), colored on a terminal. It keeps running when the apps"
                + " exit; Ctrl-C (SIGINT), SIGTERM or `jpm kill` stops every app it started and"
                + " exits 0.",
            "Refuses to run when an agent already runs for JPM_HOME: give it its own, e.g."
                + " JPM_HOME=~/.jpm-dev jpm dev app.js.",
            "Exit codes: 0 stopped; 1 the start failed or an agent already runs for JPM_HOME; 2"
                + " usage error (nothing started).");
  }

  @Override
  protected String label() {
    return "dev";
  }

  @Override
  boolean autoExit() {
    return false;
  }

  @Override
  OutputRelay relay() {
    boolean terminal = System.console() != null && !context().env().containsKey("NO_COLOR");
    return new OutputRelay(
        out(), err(), terminal ? OutputRelay.Prefix.COLORED : OutputRelay.Prefix.PLAIN, label());
  }

  /** Watching on, unless the app or `--watch` already says what to watch. */
  @Override
  protected AppSpec withOwnSettings(AppSpec app, boolean fromConfigFile) {
    if (app.getWatchCount() > 0) {
      return app;
    }
    return app.toBuilder().addWatch(watchRoot(app, fromConfigFile)).build();
  }

  /** What to watch by default: a script's directory, else the app's cwd. */
  static String watchRoot(AppSpec app, boolean fromConfigFile) {
    if (fromConfigFile || app.getScript().isEmpty()) {
      return ".";
    }
    Path dir = Path.of(app.getScript()).toAbsolutePath().getParent();
    return dir == null ? "." : dir.toString();
  }
}
