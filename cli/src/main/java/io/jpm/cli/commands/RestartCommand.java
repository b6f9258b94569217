package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.config.ConfigFile;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** `jpm restart`: restarts the targeted instances (stopped ones are started). */
@Command(
    name = "restart",
    customSynopsis = {
      "jpm restart TARGET... [--env K=V...]",
      "jpm restart CONFIG [--env PROFILE] [--env K=V...]",
    },
    description = {
      "Restarts the targeted instances (stopped ones are started). A plain restart changes"
          + " nothing else.",
      "With --env K=V, the variables are set in the targeted apps' environment and the apps"
          + " take this shell's environment as their base environment (no --update-env needed).",
      "Given a CONFIG file, restarts its apps with the file's settings as they are now (removed"
          + " variables are removed) and starts those that do not exist yet.",
    })
public final class RestartCommand extends TargetCommand {
  @Option(
      names = "--env",
      paramLabel = "K=V|PROFILE",
      description =
          "Variable to set in the apps' environment (repeatable); with a config file, a name"
              + " without = selects its env_PROFILE blocks.")
  private List<String> env = new ArrayList<>();

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    EnvArguments vars = envArguments();
    List<String> configs = targets().stream().filter(ConfigFile::isConfigFile).toList();
    if (!configs.isEmpty()) {
      if (targets().size() > 1) {
        throw usage("A config file is restarted on its own; give it as the only target");
      }
      ConfigLaunch launch = new ConfigLaunch(this);
      Ecosystem ecosystem = launch.load(configs.get(0), vars);
      List<ProcessInfo> rows = launch.apply("restart", ecosystem, configs.get(0));
      out().print(TableRenderer.processes(rows));
      return ExitCodes.OK;
    }
    if (vars.profile() != null) {
      throw usage(
          "--env " + vars.profile() + " selects a profile of a config file; give K=V to set one");
    }
    RestartRequest.Builder restart = RestartRequest.newBuilder().addAllTargets(targets());
    if (!vars.vars().isEmpty()) {
      restart.putAllEnvUpdates(vars.vars()).putAllBaseEnv(context().env());
    }
    Reply reply =
        call(
            "restart",
            Request.newBuilder().setRestart(restart).build(),
            Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  private EnvArguments envArguments() {
    try {
      return EnvArguments.parse(env);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec().commandLine(), message);
  }
}
