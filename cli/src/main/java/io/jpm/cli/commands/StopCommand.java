package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StopRequest;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm stop`: stops the targeted instances and keeps them listed as stopped. */
public final class StopCommand extends TargetCommand {
  @Override
  protected void describe(CommandSpec spec) {
    super.describe(spec);
    spec.usageMessage()
        .description("Stops the targeted instances and keeps them listed as stopped.");
  }

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    Reply reply = call("stop", request(), Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    return report("stop", callFleet("stop", request()), ReplySummary::of);
  }

  private Request request() {
    return Request.newBuilder().setStop(StopRequest.newBuilder().addAllTargets(targets())).build();
  }
}
