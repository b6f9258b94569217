package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.cli.output.EventRenderer;
import io.jpm.cli.output.JsonRenderer;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `jpm metrics`: prints the agent's metrics samples, one line per message, until Ctrl-C. */
@Command(
    name = "metrics",
    description =
        "Prints the metrics samples the agent publishes on its metrics.<app>.<instance> topics"
            + " (status, pid, CPU, memory, restarts, uptime of every instance, at the agent's"
            + " sampling interval: `jpm agent --metrics-interval`), one line per message, until"
            + " Ctrl-C. A sample missed by a slow reader is simply replaced by the next one.")
public final class MetricsCommand extends JpmCommand {
  @Option(
      names = "--json",
      description =
          "Print each sample as one JSON object: type, host, runId, seq, at, then name,"
              + " namespace, instance, id, pid, status, cpu, memory, restarts, unstableRestarts,"
              + " uptimeMs as in jlist.")
  private boolean json;

  @Parameters(
      arity = "0..1",
      paramLabel = "TARGET",
      description = "Only this id, app name or namespace (default: all).")
  private String target;

  @Override
  protected int execute() {
    // Makes sure an agent runs (spawning one if needed), and fails on an unknown target.
    Request request =
        Request.newBuilder()
            .setList(
                ListRequest.newBuilder()
                    .addAllTargets(target == null ? List.of() : List.of(target)))
            .build();
    Reply reply = call("metrics", request, Reply.ResultCase.PROCESSES);
    MetricsTarget selection = MetricsTarget.of(target, reply.getProcesses().getProcessesList());
    try (EventStream stream = context().connector().subscribe(List.of(selection.topic()))) {
      for (Event e = stream.next(); e != null; e = stream.next()) {
        if (e.getPayloadCase() == Event.PayloadCase.METRICS && selection.accepts(e.getMetrics())) {
          out().println(json ? JsonRenderer.event(e) : EventRenderer.text(e));
          out().flush();
          if (out().checkError()) {
            break; // e.g. `jpm metrics | head`: the reader is gone
          }
        }
      }
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "metrics failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }
}
