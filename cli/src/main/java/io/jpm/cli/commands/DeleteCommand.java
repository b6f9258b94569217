package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.messages.v1.DeleteRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm delete`: stops the targeted instances and forgets them. */
public final class DeleteCommand extends TargetCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage().description("Stops the targeted instances and removes them from the list.");
  }

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    Reply reply = call("delete", request(), Reply.ResultCase.PROCESSES);
    for (ProcessInfo p : reply.getProcesses().getProcessesList()) {
      out().println("deleted " + p.getName() + "#" + p.getInstance() + " (id " + p.getId() + ")");
    }
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    return report("delete", callFleet("delete", request()), ReplySummary::of);
  }

  private Request request() {
    return Request.newBuilder()
        .setDelete(DeleteRequest.newBuilder().addAllTargets(targets()))
        .build();
  }
}
