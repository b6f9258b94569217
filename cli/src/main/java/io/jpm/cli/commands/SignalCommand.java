package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SignalRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `jpm signal`: sends a signal to the targeted running instances. */
@Command(
    name = "signal",
    aliases = "sendSignal",
    description = "Sends SIGNAL (e.g. SIGUSR2, HUP, 10) to each targeted running instance.")
public final class SignalCommand extends JpmCommand {
  @Parameters(
      index = "0",
      paramLabel = "SIGNAL",
      converter = Converters.Signal.class,
      description = "Signal name or number.")
  private String signal;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "TARGET",
      description = "Instance id, app name, namespace, or all.")
  private List<String> targets = new ArrayList<>();

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
