package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.JsonRenderer;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.cli.output.Units;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm ping`: asks the running agent who it is. Never spawns an agent. */
public final class PingCommand extends JpmCommand {
  private boolean json;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Asks the agent for its version, host name, pid and endpoints. Does not start an agent:"
                + " exits 4 when none answers.");
    spec.addOption(
        Options.flag(() -> json, v -> json = v, "--json")
            .description("Print {version, host, pid, endpoints: {control, events, metrics}}.")
            .build());
  }

  @Override
  protected int execute() {
    Request request = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
    PingReply ping = callRunning("ping", request, Reply.ResultCase.PING).getPing();
    if (json) {
      out().println(JsonRenderer.ping(ping));
      return ExitCodes.OK;
    }
    out()
        .println("agent " + ping.getVersion() + " on " + ping.getHost() + ", pid " + ping.getPid());
    out()
        .print(
            TableRenderer.keyValues(
                List.of(
                    new String[] {"control", ping.getControlEndpoint()},
                    new String[] {"events", ping.getEventsEndpoint()},
                    new String[] {
                      "metrics", ping.getMetricsUrl().isEmpty() ? "-" : ping.getMetricsUrl()
                    },
                    new String[] {"started at", Units.isoInstant(ping.getStartedAtMs())})));
    return ExitCodes.OK;
  }

  /** With --hosts: one line per host, with its agent's version and pid. */
  @Override
  protected int executeOnFleet() {
    Request request = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
    return report("ping", callFleet("ping", request), ReplySummary::of);
  }
}
