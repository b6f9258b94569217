package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SendRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm send`: writes a line to the stdin of running instances (pm2 `send`). */
public final class SendCommand extends JpmCommand {
  private String target;

  private List<String> words = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Writes LINE and a newline to the stdin of the targeted running instances (the words of"
                + " LINE joined by spaces). Exits 3 when none runs or one does not read its"
                + " stdin.");
    spec.addPositional(
        Options.parameter(String.class, "1", () -> target, v -> target = v)
            .index("0")
            .paramLabel("TARGET")
            .description("Id, app name or namespace.")
            .build());
    spec.addPositional(
        Options.parameters(String.class, "1..*", () -> words, v -> words = v)
            .index("1..*")
            .paramLabel("LINE")
            .description("What to send.")
            .build());
  }

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
