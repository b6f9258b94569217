package io.jpm.cli.commands;

import io.jpm.cli.config.Ecosystem;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm reload`: replaces the targeted instances without lowering capacity. */
public final class ReloadCommand extends SpecChangeCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .customSynopsis(
            "jpm reload TARGET... [--parallel N] [--env K=V...]",
            "jpm reload CONFIG [--parallel N] [--env PROFILE] [--env K=V...]")
        .description(
            "Replaces the targeted instances one at a time (or --parallel N at a time) without"
                + " lowering capacity: for each, a replacement starts next to the old process, and"
                + " once it passes the app's readiness check (--ready, or tcp with --port) it takes"
                + " the old one's place; the old process is taken out of rotation, drained (up to"
                + " kill_timeout) and stopped.",
            "If a replacement fails its check (or exits first), it is stopped, the old process goes"
                + " on serving, the instances not begun yet are left alone, and jpm exits non-zero"
                + " with the reason.",
            "Apps with no readiness check and no port cannot tell when a replacement is ready: they"
                + " are restarted instead, and jpm says so. Stopped instances are started.",
            "--env K=V and CONFIG apply as for restart (the replacements get the new settings).",
            "With --hosts, the reload rolls over the matching hosts one batch at a time (--parallel"
                + " N or N%% hosts per batch, default 1): the next batch begins only once every host"
                + " of the previous one reloaded; the first host that fails stops the roll, and the"
                + " hosts not begun are listed as not touched. Each host replaces one instance at a"
                + " time.");
  }

  /** --parallel (a root option, so `jpm reload --parallel 2 api` and the fleet's share one). */
  @Override
  protected boolean takesLocalParallel() {
    return true;
  }

  /** Instances replaced at a time on the local agent: --parallel, default 1. */
  private int instancesAtATime() {
    return parallel() == null ? 1 : parallel().count();
  }

  @Override
  String verb() {
    return "reload";
  }

  /** On a fleet, --parallel is the hosts' batch: each host replaces one instance at a time. */
  @Override
  Request fleetRequest(List<AppSpec> apps, Map<String, String> envUpdates) {
    List<String> targets =
        apps.isEmpty() ? targets() : apps.stream().map(AppSpec::getName).toList();
    return Request.newBuilder()
        .setReload(
            ReloadRequest.newBuilder()
                .addAllTargets(targets)
                .addAllApps(apps)
                .putAllEnvUpdates(envUpdates))
        .build();
  }

  @Override
  String done() {
    return "reloaded";
  }

  @Override
  List<ProcessInfo> applyConfig(ConfigLaunch launch, Ecosystem ecosystem, String file) {
    return launch.apply("reload", ecosystem, file, instancesAtATime());
  }

  @Override
  List<ProcessInfo> send(Map<String, String> envUpdates, Map<String, String> baseEnv) {
    ReloadRequest.Builder reload =
        ReloadRequest.newBuilder()
            .addAllTargets(targets())
            .setParallel(instancesAtATime())
            .putAllEnvUpdates(envUpdates)
            .putAllBaseEnv(baseEnv);
    Reply reply =
        call("reload", Request.newBuilder().setReload(reload).build(), Reply.ResultCase.RELOAD);
    sayRestarted(reply.getReload(), err());
    return reply.getReload().getProcessesList();
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
}
