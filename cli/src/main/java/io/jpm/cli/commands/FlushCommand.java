package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.messages.v1.FlushRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm flush`: empties log files while the apps keep writing. */
public final class FlushCommand extends JpmCommand {
  private List<String> targets = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Empties the log files of the targeted instances (all without TARGET) and deletes their"
                + " rotated files. Safe while the apps keep writing: later lines land in the"
                + " emptied files.");
    spec.addPositional(
        Options.parameters(String.class, "0..*", () -> targets, v -> targets = v)
            .paramLabel("TARGET")
            .description("Id, app name or namespace.")
            .build());
  }

  @Override
  protected int execute() {
    Reply reply = call("flush", request(), Reply.ResultCase.PROCESSES);
    for (ProcessInfo p : reply.getProcesses().getProcessesList()) {
      out().println("flushed " + p.getName() + "[" + p.getInstance() + "] (id " + p.getId() + ")");
    }
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    return report("flush", callFleet("flush", request()), ReplySummary::of);
  }

  private Request request() {
    return Request.newBuilder().setFlush(FlushRequest.newBuilder().addAllTargets(targets)).build();
  }
}
