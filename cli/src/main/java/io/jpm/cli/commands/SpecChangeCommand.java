package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.config.ConfigFile;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * `restart` and `reload`: TARGETs with optional `--env K=V` changes, or one CONFIG file (with an
 * optional `--env PROFILE`) whose settings are applied. Subclasses say only how they send it.
 */
abstract class SpecChangeCommand extends TargetCommand {
  private List<String> env = new ArrayList<>();

  /** The command's name ("restart"). */
  abstract String verb();

  /**
   * The request for the targets (or a config file's {@code apps}, then the targets are their names)
   * with {@code envUpdates}, without a base environment: each host's apps keep their agent's.
   */
  abstract Request fleetRequest(List<AppSpec> apps, Map<String, String> envUpdates);

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
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.addOption(
        Options.list(String.class, () -> env, v -> env = v, "--env")
            .paramLabel("K=V|PROFILE")
            .description(
                "Variable to set in the apps' environment (repeatable); with a config file, a name"
                    + " without = selects its env_PROFILE blocks.")
            .build());
  }

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

  /** A fleet rolls restart and reload batch by batch. */
  @Override
  protected final boolean rollsOnFleet() {
    return true;
  }

  /**
   * With --hosts: the targets, or a config file read here whose apps are sent as specs (they
   * replace the apps of the same name on each host; a host without one of them fails).
   */
  @Override
  protected final int executeOnFleet() {
    EnvArguments vars;
    try {
      vars = EnvArguments.parse(env);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    List<String> configs = targets().stream().filter(ConfigFile::isConfigFile).toList();
    Request request;
    if (!configs.isEmpty()) {
      if (targets().size() > 1) {
        throw usage("A config file is " + done() + " on its own; give it as the only target");
      }
      List<AppSpec> apps = new ConfigLaunch(this).load(configs.get(0), vars).apps();
      request = fleetRequest(apps, Map.of());
    } else if (vars.profile() != null) {
      throw usage(
          "--env " + vars.profile() + " selects a profile of a config file; give K=V to set one");
    } else {
      request = fleetRequest(List.of(), vars.vars());
    }
    return report(verb(), callFleet(verb(), request), ReplySummary::of);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec().commandLine(), message);
  }
}
