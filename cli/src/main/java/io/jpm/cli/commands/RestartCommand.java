package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import java.time.Duration;
import picocli.CommandLine.Command;

/** `jpm restart`: restarts the targeted instances (stopped ones are started). */
@Command(
    name = "restart",
    description = "Restarts the targeted instances (stopped ones are started).")
public final class RestartCommand extends TargetCommand {
  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    Request request =
        Request.newBuilder()
            .setRestart(RestartRequest.newBuilder().addAllTargets(targets()))
            .build();
    Reply reply = call("restart", request, Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }
}
