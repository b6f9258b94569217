package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.FleetReport;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm list`: the instances as a table. */
public final class ListCommand extends JpmCommand {
  private List<String> targets = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Lists instances as a table (all, or only the TARGETs). Status words: launching,"
                + " online, stopping, stopped, waiting-restart, errored; ↺ counts restarts.");
    spec.addPositional(
        Options.parameters(String.class, "0..*", () -> targets, v -> targets = v)
            .paramLabel("TARGET")
            .description("Id, name, namespace or all.")
            .build());
  }

  @Override
  protected int execute() {
    Reply reply = call("list", request(), Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  /** With --hosts: one table with a host column; hosts that did not answer go to stderr. */
  @Override
  protected int executeOnFleet() {
    FleetReply reply = callFleet("list", request());
    out().print(TableRenderer.processesWithHost(FleetReport.rows(reply)));
    return reportProblems(reply);
  }

  private Request request() {
    return Request.newBuilder().setList(ListRequest.newBuilder().addAllTargets(targets)).build();
  }
}
