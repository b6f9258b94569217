package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.cli.output.EventRenderer;
import io.jpm.cli.output.FleetReport;
import io.jpm.cli.output.JsonRenderer;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm metrics`: prints the agent's metrics samples, one line per message, until Ctrl-C. */
public final class MetricsCommand extends JpmCommand {
  private boolean json;

  private String target;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints the metrics samples the agent publishes on its metrics.<app>.<instance> topics"
                + " (status, pid, CPU, memory, restarts, uptime of every instance, at the agent's"
                + " sampling interval: `jpm agent --metrics-interval`), one line per message, until"
                + " Ctrl-C. A sample missed by a slow reader is simply replaced by the next one.");
    spec.addOption(
        Options.flag(() -> json, v -> json = v, "--json")
            .description(
                "Print each sample as one JSON object: type, host, runId, seq, at, then name,"
                    + " namespace, instance, id, pid, status, cpu, memory, restarts,"
                    + " unstableRestarts, uptimeMs as in jlist.")
            .build());
    spec.addPositional(
        Options.parameter(String.class, "0..1", () -> target, v -> target = v)
            .paramLabel("TARGET")
            .description("Only this id, app name or namespace (default: all).")
            .build());
  }

  @Override
  protected int execute() {
    // Makes sure an agent runs (spawning one if needed), and fails on an unknown target.
    Reply reply = call("metrics", request(), Reply.ResultCase.PROCESSES);
    MetricsTarget selection = MetricsTarget.of(target, reply.getProcesses().getProcessesList());
    try (EventStream stream = context().connector().subscribe(List.of(selection.topic()))) {
      print(stream, selection, null);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "metrics failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /** With --hosts: the samples of the matching hosts, from the controller's feed. */
  @Override
  protected int executeOnFleet() {
    Set<String> hosts = fleetHostNames("metrics");
    FleetReply listed = callFleet("metrics", request());
    MetricsTarget selection = MetricsTarget.of(target, FleetReport.rows(listed));
    try (EventStream stream =
        fleet().subscribe("metrics", List.of(selection.topic()), SHORT_TIMEOUT)) {
      print(stream, selection, hosts);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "metrics failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  private Request request() {
    return Request.newBuilder()
        .setList(
            ListRequest.newBuilder().addAllTargets(target == null ? List.of() : List.of(target)))
        .build();
  }

  /** Prints the selected samples (of {@code hosts} unless null) until the feed ends. */
  private void print(EventStream stream, MetricsTarget selection, Set<String> hosts)
      throws ControlException {
    for (Event e = stream.next(); e != null; e = stream.next()) {
      if (e.getPayloadCase() == Event.PayloadCase.METRICS
          && selection.accepts(e.getMetrics())
          && (hosts == null || hosts.contains(e.getHost()))) {
        out().println(json ? JsonRenderer.event(e) : EventRenderer.text(e));
        out().flush();
        if (out().checkError()) {
          return; // e.g. `jpm metrics | head`: the reader is gone
        }
      }
    }
  }
}
