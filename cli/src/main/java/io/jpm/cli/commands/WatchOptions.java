package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The watch options of `jpm start` (pm2's `--watch`, `--ignore-watch`), mixed into StartCommand.
 */
public final class WatchOptions {
  @Option(
      names = "--watch",
      paramLabel = "PATH",
      arity = "0..1",
      fallbackValue = ".",
      description =
          "Restart the app when a file under PATH (default: its cwd) changes; repeatable. With a"
              + " readiness check the restart is a reload. node_modules, .git and *.log are"
              + " ignored.")
  private List<String> watch = new ArrayList<>();

  @Option(
      names = "--ignore-watch",
      paramLabel = "GLOB",
      description =
          "Changes to ignore: a name (any path element) or a glob on the path or file name;"
              + " repeatable.")
  private List<String> ignore = new ArrayList<>();

  @Option(
      names = "--watch-delay",
      paramLabel = "DUR",
      converter = Converters.NonNegativeDuration.class,
      description = "Quiet time after the last change before restarting (default 1s).")
  private Duration delay;

  /** Puts the options given into {@code app}. */
  void applyTo(AppSpec.Builder app) {
    if (!watch.isEmpty()) {
      app.clearWatch().addAllWatch(watch);
    }
    if (!ignore.isEmpty()) {
      app.clearIgnoreWatch().addAllIgnoreWatch(ignore);
    }
    if (delay != null) {
      app.setWatchDelayMs(delay.toMillis());
    }
  }
}
