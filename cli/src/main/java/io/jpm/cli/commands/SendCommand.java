package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SendRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `jpm send`: writes a line to the stdin of running instances (pm2 `send`). */
@Command(
    name = "send",
    description =
        "Writes LINE and a newline to the stdin of the targeted running instances (the words"
            + " of LINE joined by spaces). Exits 3 when none runs or one does not read its stdin.")
public final class SendCommand extends JpmCommand {
  @Parameters(index = "0", paramLabel = "TARGET", description = "Id, app name or namespace.")
  private String target;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "LINE", description = "What to send.")
  private List<String> words = new ArrayList<>();

  @Override
  protected int execute() {
    Request request =
        Request.newBuilder()
            .setSend(SendRequest.newBuilder().setTarget(target).setLine(String.join(" ", words)))
            .build();
    Reply reply = call("send", request, Reply.ResultCase.PROCESSES);
    for (ProcessInfo p : reply.getProcesses().getProcessesList()) {
      out().println("sent to " + p.getName() + "[" + p.getInstance() + "] (id " + p.getId() + ")");
    }
    return ExitCodes.OK;
  }
}
