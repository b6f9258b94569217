package io.jpm.cli.commands;

import io.jpm.cli.config.Ecosystem;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm restart`: restarts the targeted instances (stopped ones are started). */
public final class RestartCommand extends SpecChangeCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .customSynopsis(
            "jpm restart TARGET... [--env K=V...]",
            "jpm restart CONFIG [--env PROFILE] [--env K=V...]")
        .description(
            "Restarts the targeted instances (stopped ones are started). A plain restart changes"
                + " nothing else.",
            "With --env K=V, the variables are set in the targeted apps' environment and the apps"
                + " take this shell's environment as their base environment (no --update-env"
                + " needed).",
            "Given a CONFIG file, restarts its apps with the file's settings as they are now"
                + " (removed variables are removed) and starts those that do not exist yet.",
            "With --hosts, the restart rolls over the matching hosts one batch at a time"
                + " (--parallel N or N%% hosts per batch, default 1) and stops at the first host"
                + " that fails; with a CONFIG, its apps replace those of the same name on each"
                + " host.");
  }

  @Override
  String verb() {
    return "restart";
  }

  @Override
  Request fleetRequest(List<AppSpec> apps, Map<String, String> envUpdates) {
    List<String> targets =
        apps.isEmpty() ? targets() : apps.stream().map(AppSpec::getName).toList();
    return Request.newBuilder()
        .setRestart(
            RestartRequest.newBuilder()
                .addAllTargets(targets)
                .addAllApps(apps)
                .putAllEnvUpdates(envUpdates))
        .build();
  }

  @Override
  String done() {
    return "restarted";
  }

  @Override
  List<ProcessInfo> applyConfig(ConfigLaunch launch, Ecosystem ecosystem, String file) {
    return launch.apply("restart", ecosystem, file);
  }

  @Override
  List<ProcessInfo> send(Map<String, String> envUpdates, Map<String, String> baseEnv) {
    RestartRequest.Builder restart =
        RestartRequest.newBuilder()
            .addAllTargets(targets())
            .putAllEnvUpdates(envUpdates)
            .putAllBaseEnv(baseEnv);
    return call(
            "restart", Request.newBuilder().setRestart(restart).build(), Reply.ResultCase.PROCESSES)
        .getProcesses()
        .getProcessesList();
  }
}
