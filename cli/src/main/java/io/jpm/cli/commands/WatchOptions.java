package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The watch options of `jpm start` (pm2's `--watch`, `--ignore-watch`), mixed into StartCommand.
 */
public final class WatchOptions {
  private List<String> watch = new ArrayList<>();

  private List<String> ignore = new ArrayList<>();

  private Duration delay;

  /** Declares these options in {@code spec}, StartCommand's model. */
  void describe(CommandSpec spec) {
    spec.addOption(
        Options.list(String.class, () -> watch, v -> watch = v, "--watch")
            .paramLabel("PATH")
            .arity("0..1")
            .fallbackValue(".")
            .description(
                "Restart the app when a file under PATH (default: its cwd) changes; repeatable."
                    + " With a readiness check the restart is a reload. node_modules, .git and"
                    + " *.log are ignored.")
            .build());
    spec.addOption(
        Options.list(String.class, () -> ignore, v -> ignore = v, "--ignore-watch")
            .paramLabel("GLOB")
            .description(
                "Changes to ignore: a name (any path element) or a glob on the path or file name;"
                    + " repeatable.")
            .build());
    spec.addOption(
        Options.option(Duration.class, () -> delay, v -> delay = v, "--watch-delay")
            .paramLabel("DUR")
            .converters(new Converters.NonNegativeDuration())
            .description("Quiet time after the last change before restarting (default 1s).")
            .build());
  }

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
