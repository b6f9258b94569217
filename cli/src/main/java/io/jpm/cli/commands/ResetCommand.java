package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ResetRequest;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm reset`: zeroes the restart counters of the targeted instances. */
public final class ResetCommand extends TargetCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage().description("Zeroes the restart counters of the targeted instances.");
  }

  @Override
  protected Duration defaultTimeout() {
    return SHORT_TIMEOUT;
  }

  @Override
  protected int execute() {
    Reply reply = call("reset", request(), Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    return report("reset", callFleet("reset", request()), ReplySummary::of);
  }

  private Request request() {
    return Request.newBuilder()
        .setReset(ResetRequest.newBuilder().addAllTargets(targets()))
        .build();
  }
}
