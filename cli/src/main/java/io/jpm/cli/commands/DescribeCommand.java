package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.DetailRenderer;
import io.jpm.cli.output.FleetSections;
import io.jpm.messages.v1.DescribeRequest;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ProcessDetail;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm describe`: everything known about the targeted instances, with their history. */
public final class DescribeCommand extends TargetCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .description(
            "Shows everything known about the targeted instances: state, argv, cwd, environment"
                + " variable names (never values), log files, restart policy, and recent events"
                + " with reasons.");
  }

  @Override
  protected int execute() {
    Reply reply = call("describe", request(), Reply.ResultCase.DESCRIBE);
    boolean first = true;
    for (ProcessDetail detail : reply.getDescribe().getDetailsList()) {
      if (!first) {
        out().println();
      }
      first = false;
      out().print(DetailRenderer.render(detail));
    }
    return ExitCodes.OK;
  }

  /** With --hosts: one section per host. */
  @Override
  protected int executeOnFleet() {
    FleetReply reply = callFleet("describe", request());
    out().print(FleetSections.describe(reply));
    return reportProblems(reply);
  }

  private Request request() {
    return Request.newBuilder()
        .setDescribe(DescribeRequest.newBuilder().addAllTargets(targets()))
        .build();
  }
}
