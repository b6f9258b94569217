package io.jpm.cli.commands;

import io.jpm.agent.Version;
import io.jpm.cli.AgentChannel;
import io.jpm.cli.ExitCodes;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm update`: replaces the running agent with this jpm's version, apps untouched. */
public final class UpdateCommand extends JpmCommand {

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Replaces the running agent with the installed version WITHOUT stopping any app: the"
                + " agent writes its state and exits, leaving its apps running, and a new agent of"
                + " this jpm's version re-adopts them with their pids. Prints what changed. When no"
                + " agent runs there is nothing to replace: the next command starts the installed"
                + " version.");
  }

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    Optional<AgentHandover.HandedOver> old = AgentHandover.run(this, "update", timeout());
    if (old.isEmpty()) {
      out()
          .println(
              "no agent is running for "
                  + context().paths().home()
                  + "; the next command starts version "
                  + Version.software());
      return ExitCodes.OK;
    }
    PingReply now;
    List<ProcessInfo> after;
    try (AgentChannel fresh = new AgentChannel(context().connector(), context().paths(), err())) {
      Request ping = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
      now = fresh.call("update", ping, timeout(), true, Reply.ResultCase.PING).getPing();
      Request list = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
      after =
          fresh
              .call("update", list, timeout(), false, Reply.ResultCase.PROCESSES)
              .getProcesses()
              .getProcessesList();
    }
    report(old.get(), now, after);
    return ExitCodes.OK;
  }

  private void report(AgentHandover.HandedOver old, PingReply now, List<ProcessInfo> after) {
    Map<Integer, Long> pidsAfter = new HashMap<>();
    after.stream().filter(ProcessInfo::hasPid).forEach(p -> pidsAfter.put(p.getId(), p.getPid()));
    List<ProcessInfo> running = old.processes().stream().filter(ProcessInfo::hasPid).toList();
    long kept =
        running.stream()
            .filter(p -> Long.valueOf(p.getPid()).equals(pidsAfter.get(p.getId())))
            .count();
    out()
        .println(
            "agent updated: "
                + old.agent().getVersion()
                + " → "
                + now.getVersion()
                + " (pid "
                + old.agent().getPid()
                + " → "
                + now.getPid()
                + "); "
                + kept
                + " instance"
                + (kept == 1 ? "" : "s")
                + " re-adopted, pids kept");
    if (kept < running.size()) {
      err()
          .println(
              "jpm: warning: "
                  + (running.size() - kept)
                  + " of "
                  + running.size()
                  + " running instances were not re-adopted (their processes were gone when the"
                  + " new agent started, so it started them again); see jpm describe");
    }
  }
}
