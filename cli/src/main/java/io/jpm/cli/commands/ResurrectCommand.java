package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ResurrectRequest;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm resurrect`: restores the apps saved by `jpm save` (pm2 `resurrect`). */
public final class ResurrectCommand extends JpmCommand {

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Restores the apps saved by `jpm save` that the agent does not have (matched by name):"
                + " instances that ran are started, apps saved as stopped come back stopped. Apps"
                + " the agent already has are left alone. Starts an agent if none runs.");
  }

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    Request request =
        Request.newBuilder().setResurrect(ResurrectRequest.getDefaultInstance()).build();
    Reply reply = call("resurrect", request, Reply.ResultCase.PROCESSES);
    if (reply.getProcesses().getProcessesCount() == 0) {
      out().println("nothing to resurrect: the agent already has every saved app");
      return ExitCodes.OK;
    }
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    Request request =
        Request.newBuilder().setResurrect(ResurrectRequest.getDefaultInstance()).build();
    return report("resurrect", callFleet("resurrect", request), ReplySummary::of);
  }
}
