package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.config.ConfigFile;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** `jpm reload`: replaces the targeted instances without lowering capacity. */
@Command(
    name = "reload",
    customSynopsis = {
      "jpm reload TARGET... [--parallel N] [--env K=V...]",
      "jpm reload CONFIG [--parallel N] [--env PROFILE] [--env K=V...]",
    },
    description = {
      "Replaces the targeted instances one at a time (or --parallel N at a time) without"
          + " lowering capacity: for each, a replacement starts next to the old process, and once"
          + " it passes the app's readiness check (--ready, or tcp with --port) it takes the old"
          + " one's place; the old process is taken out of rotation, drained (up to kill_timeout)"
          + " and stopped.",
      "If a replacement fails its check (or exits first), it is stopped, the old process goes on"
          + " serving, the instances not begun yet are left alone, and jpm exits non-zero with"
          + " the reason.",
      "Apps with no readiness check and no port cannot tell when a replacement is ready: they"
          + " are restarted instead, and jpm says so. Stopped instances are started.",
      "--env K=V and CONFIG apply as for restart (the replacements get the new settings).",
    })
public final class ReloadCommand extends TargetCommand {
  @Option(
      names = "--env",
      paramLabel = "K=V|PROFILE",
      description =
          "Variable to set in the apps' environment (repeatable); with a config file, a name"
              + " without = selects its env_PROFILE blocks.")
  private List<String> env = new ArrayList<>();

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "1",
      converter = Converters.PositiveCount.class,
      description = "Instances replaced at a time (default 1).")
  private int parallel;

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
        throw usage("A config file is reloaded on its own; give it as the only target");
      }
      ConfigLaunch launch = new ConfigLaunch(this);
      Ecosystem ecosystem = launch.load(configs.get(0), vars);
      List<ProcessInfo> rows = launch.apply("reload", ecosystem, configs.get(0), parallel);
      out().print(TableRenderer.processes(rows));
      return ExitCodes.OK;
    }
    if (vars.profile() != null) {
      throw usage(
          "--env " + vars.profile() + " selects a profile of a config file; give K=V to set one");
    }
    ReloadRequest.Builder reload =
        ReloadRequest.newBuilder().addAllTargets(targets()).setParallel(parallel);
    if (!vars.vars().isEmpty()) {
      reload.putAllEnvUpdates(vars.vars()).putAllBaseEnv(context().env());
    }
    Reply reply =
        call("reload", Request.newBuilder().setReload(reload).build(), Reply.ResultCase.RELOAD);
    sayRestarted(reply.getReload(), err());
    out().print(TableRenderer.processes(reply.getReload().getProcessesList()));
    return ExitCodes.OK;
  }

  /** One stderr line per app that was restarted because it cannot be reloaded in place. */
  static void sayRestarted(ReloadReply reply, PrintWriter err) {
    for (String app : reply.getRestartedAppsList()) {
      err.println(
          "jpm: app '"
              + app
              + "' has no readiness check (--ready) and no --port: restarted instead of reloaded"
              + " (its old processes stopped before the new ones started)");
    }
    err.flush();
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
