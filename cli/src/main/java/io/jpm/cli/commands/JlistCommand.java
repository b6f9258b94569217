package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.FleetReport;
import io.jpm.cli.output.JsonRenderer;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm jlist`: the instances as a JSON array, for scripts. */
public final class JlistCommand extends JpmCommand {
  private List<String> targets = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints a JSON array with one object per instance: host, id, name, namespace, instance,"
                + " pid (null when not running), status, restarts, unstableRestarts, uptimeMs, cpu"
                + " (percent), memory (RSS bytes), port (or null), exitCode (last, or null),"
                + " createdAt (ISO-8601). With --hosts, one array for every matching host; hosts"
                + " that did not answer are named on stderr and the exit code is not 0.");
    spec.addPositional(
        Options.parameters(String.class, "0..*", () -> targets, v -> targets = v)
            .paramLabel("TARGET")
            .description("Id, name, namespace or all.")
            .build());
  }

  @Override
  protected int execute() {
    Reply reply = call("jlist", request(), Reply.ResultCase.PROCESSES);
    out().println(JsonRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  /**
   * With --hosts: one array of every answering host's rows (host set to the fleet's name of the
   * host); hosts that did not answer are named on stderr and make the exit code non-zero.
   */
  @Override
  protected int executeOnFleet() {
    FleetReply reply = callFleet("jlist", request());
    out().println(JsonRenderer.processes(FleetReport.rows(reply)));
    return reportProblems(reply);
  }

  private Request request() {
    return Request.newBuilder().setList(ListRequest.newBuilder().addAllTargets(targets)).build();
  }
}
