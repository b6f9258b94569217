package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SignalRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm signal`: sends a signal to the targeted running instances. */
public final class SignalCommand extends JpmCommand {
  private String signal;

  private List<String> targets = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description("Sends SIGNAL (e.g. SIGUSR2, HUP, 10) to each targeted running instance.");
    spec.addPositional(
        Options.parameter(String.class, "1", () -> signal, v -> signal = v)
            .index("0")
            .paramLabel("SIGNAL")
            .converters(new Converters.Signal())
            .description("Signal name or number.")
            .build());
    spec.addPositional(
        Options.parameters(String.class, "1..*", () -> targets, v -> targets = v)
            .index("1..*")
            .paramLabel("TARGET")
            .description("Instance id, app name, namespace, or all.")
            .build());
  }

  @Override
  protected int execute() {
    Reply reply = call("signal", request(), Reply.ResultCase.PROCESSES);
    for (ProcessInfo p : reply.getProcesses().getProcessesList()) {
      out()
          .println(
              "sent "
                  + signal
                  + " to "
                  + p.getName()
                  + "#"
                  + p.getInstance()
                  + " (id "
                  + p.getId()
                  + (p.hasPid() ? ", pid " + p.getPid() : "")
                  + ")");
    }
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    return report("signal", callFleet("signal", request()), ReplySummary::of);
  }

  private Request request() {
    return Request.newBuilder()
        .setSignal(SignalRequest.newBuilder().setSignal(signal).addAllTargets(targets))
        .build();
  }
}
