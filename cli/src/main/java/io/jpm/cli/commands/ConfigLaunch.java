package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.config.ConfigException;
import io.jpm.cli.config.Ecosystem;
import io.jpm.cli.config.NodeEvaluator;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import io.jpm.messages.v1.StartRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * `jpm start|restart|reload <config>`: checks the whole file first (nothing is sent when any app is
 * invalid), then starts the apps the agent does not have and restarts the ones it has with the
 * file's specs, as pm2 does for an ecosystem file. Every spec carries the CLI's environment as its
 * base environment, so a restart from a changed shell or file applies the change.
 */
final class ConfigLaunch {
  private final JpmCommand command;

  ConfigLaunch(JpmCommand command) {
    this.command = command;
  }

  /**
   * Reads and checks the file named {@code arg}, printing the warning about ignored pm2 keys.
   *
   * @throws CliFailure naming each problem, one line each, when the file cannot be used
   */
  Ecosystem load(String arg, EnvArguments env) {
    Ecosystem.Selection selection = new Ecosystem.Selection(env.profile(), env.vars());
    NodeEvaluator node = NodeEvaluator.fromEnvironment(command.context().env());
    Ecosystem ecosystem;
    try {
      ecosystem = Ecosystem.load(command.context().workingDir().resolve(arg), arg, selection, node);
    } catch (ConfigException e) {
      List<String> problems = e.problems();
      problems.subList(0, problems.size() - 1).forEach(p -> command.err().println("jpm: " + p));
      throw CliFailure.failed(problems.get(problems.size() - 1));
    }
    ecosystem.warning(arg).ifPresent(w -> command.err().println("jpm: warning: " + w));
    command.err().flush();
    return ecosystem;
  }

  /** Starts the file's new apps, restarts its existing ones; returns every resulting row. */
  List<ProcessInfo> apply(String operation, Ecosystem ecosystem, String label) {
    return apply(operation, ecosystem, label, 0);
  }

  /**
   * Starts the file's new apps, and restarts its existing ones, or reloads them {@code
   * reloadParallel} instances at a time when that is above 0; returns every resulting row.
   */
  List<ProcessInfo> apply(String operation, Ecosystem ecosystem, String label, int reloadParallel) {
    Map<String, String> baseEnv = command.context().env();
    List<AppSpec> specs =
        ecosystem.apps().stream().map(a -> a.toBuilder().putAllBaseEnv(baseEnv).build()).toList();
    Set<String> existing = existingApps(operation);
    List<AppSpec> fresh = specs.stream().filter(a -> !existing.contains(a.getName())).toList();
    List<AppSpec> known = specs.stream().filter(a -> existing.contains(a.getName())).toList();
    for (AppSpec app : known) {
      command
          .err()
          .println(
              "jpm: app '"
                  + app.getName()
                  + "' exists: "
                  + (reloadParallel > 0 ? "reloading" : "restarting")
                  + " it with the settings of "
                  + label);
    }
    command.err().flush();
    List<ProcessInfo> rows = new ArrayList<>();
    if (!fresh.isEmpty()) {
      Request start =
          Request.newBuilder().setStart(StartRequest.newBuilder().addAllApps(fresh)).build();
      rows.addAll(
          command
              .call(operation, start, Reply.ResultCase.PROCESSES)
              .getProcesses()
              .getProcessesList());
    }
    if (!known.isEmpty() && reloadParallel > 0) {
      rows.addAll(reload(operation, known, baseEnv, reloadParallel));
    } else if (!known.isEmpty()) {
      RestartRequest.Builder restart =
          RestartRequest.newBuilder()
              .addAllTargets(known.stream().map(AppSpec::getName).toList())
              .addAllApps(known)
              .putAllBaseEnv(baseEnv);
      Request request = Request.newBuilder().setRestart(restart).build();
      rows.addAll(
          command
              .call(operation, request, Reply.ResultCase.PROCESSES)
              .getProcesses()
              .getProcessesList());
    }
    return rows;
  }

  private List<ProcessInfo> reload(
      String operation, List<AppSpec> known, Map<String, String> baseEnv, int parallel) {
    ReloadRequest.Builder reload =
        ReloadRequest.newBuilder()
            .addAllTargets(known.stream().map(AppSpec::getName).toList())
            .addAllApps(known)
            .putAllBaseEnv(baseEnv)
            .setParallel(parallel);
    Reply reply =
        command.call(
            operation, Request.newBuilder().setReload(reload).build(), Reply.ResultCase.RELOAD);
    ReloadCommand.sayRestarted(reply.getReload(), command.err());
    return reply.getReload().getProcessesList();
  }

  private Set<String> existingApps(String operation) {
    Request list = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
    Reply reply = command.call(operation, list, Reply.ResultCase.PROCESSES);
    return reply.getProcesses().getProcessesList().stream()
        .map(ProcessInfo::getName)
        .collect(Collectors.toSet());
  }
}
