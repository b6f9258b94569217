package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.config.ConfigFile;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * `restart` and `reload`: TARGETs with optional `--env K=V` changes, or one CONFIG file (with an
 * optional `--env PROFILE`) whose settings are applied. Subclasses say only how they send it.
 */
abstract class SpecChangeCommand extends TargetCommand {
  @Option(
      names = "--env",
      paramLabel = "K=V|PROFILE",
      description =
          "Variable to set in the apps' environment (repeatable); with a config file, a name"
              + " without = selects its env_PROFILE blocks.")
  private List<String> env = new ArrayList<>();

  /** The command's verb in the past tense, for messages ("restarted"). */
  abstract String done();

  /** Applies the config file's apps (read and checked) and returns the resulting rows. */
  abstract List<ProcessInfo> applyConfig(ConfigLaunch launch, Ecosystem ecosystem, String file);

  /**
   * Sends the command for the targets, with {@code envUpdates} and, when there are some, this
   * shell's environment as {@code baseEnv} (both empty otherwise); returns the resulting rows.
   */
  abstract List<ProcessInfo> send(Map<String, String> envUpdates, Map<String, String> baseEnv);

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected final int execute() {
    EnvArguments vars;
    try {
      vars = EnvArguments.parse(env);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    List<String> configs = targets().stream().filter(ConfigFile::isConfigFile).toList();
    List<ProcessInfo> rows;
    if (!configs.isEmpty()) {
      if (targets().size() > 1) {
        throw usage("A config file is " + done() + " on its own; give it as the only target");
      }
      ConfigLaunch launch = new ConfigLaunch(this);
      rows = applyConfig(launch, launch.load(configs.get(0), vars), configs.get(0));
    } else if (vars.profile() != null) {
      throw usage(
          "--env " + vars.profile() + " selects a profile of a config file; give K=V to set one");
    } else {
      rows = send(vars.vars(), vars.vars().isEmpty() ? Map.of() : context().env());
    }
    out().print(TableRenderer.processes(rows));
    return ExitCodes.OK;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec().commandLine(), message);
  }
}
