package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ScaleRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** `jpm scale`: changes an app's instance count. */
public final class ScaleCommand extends JpmCommand {
  private static final Pattern COUNT = Pattern.compile("([+-]?)(\\d{1,4})");

  private String name;

  private String count;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description("Sets an app's instance count to N, or adds (+N) or removes (-N) instances.");
    spec.addPositional(
        Options.parameter(String.class, "1", () -> name, v -> name = v)
            .index("0")
            .paramLabel("NAME")
            .description("App name.")
            .build());
    spec.addPositional(
        Options.parameter(String.class, "1", () -> count, v -> count = v)
            .index("1")
            .paramLabel("N|+N|-N")
            .description("New count, or a change.")
            .build());
  }

  @Override
  protected int execute() {
    Request request = Request.newBuilder().setScale(toRequest()).build();
    Reply reply = call("scale", request, Reply.ResultCase.PROCESSES);
    out().print(TableRenderer.processes(reply.getProcesses().getProcessesList()));
    return ExitCodes.OK;
  }

  @Override
  protected int executeOnFleet() {
    Request request = Request.newBuilder().setScale(toRequest()).build();
    return report("scale", callFleet("scale", request), ReplySummary::of);
  }

  /** The request for the typed count. */
  ScaleRequest toRequest() {
    Matcher m = COUNT.matcher(count);
    if (!m.matches()) {
      throw new ParameterException(
          spec().commandLine(), "Invalid count '" + count + "': use N, +N or -N");
    }
    int n = Integer.parseInt(m.group(2));
    ScaleRequest.Builder b = ScaleRequest.newBuilder().setName(name);
    return switch (m.group(1)) {
      case "+" -> b.setDelta(n).build();
      case "-" -> b.setDelta(-n).build();
      default -> b.setAbsolute(n).build();
    };
  }
}
