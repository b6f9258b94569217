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
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `jpm list`: the instances as a table. */
@Command(
    name = "list",
    aliases = "ls",
    description =
        "Lists instances as a table (all, or only the TARGETs). Status words: launching, online,"
            + " stopping, stopped, waiting-restart, errored; ↺ counts restarts.")
public final class ListCommand extends JpmCommand {
  @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Id, name, namespace or all.")
  private List<String> targets = new ArrayList<>();

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
