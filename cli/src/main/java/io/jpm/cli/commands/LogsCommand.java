package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.cli.output.FleetSections;
import io.jpm.cli.output.LogLineRenderer;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.LogTailRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm logs`: the last lines of the targets' log files, then their live output until Ctrl-C. */
public final class LogsCommand extends JpmCommand {
  private static final int MAX_LINES = 10_000;

  private List<String> targets = new ArrayList<>();

  private int lines;

  private boolean noStream;

  private boolean raw;

  // --err and --out: one or the other (an exclusive group).
  private boolean errOnly;

  private boolean outOnly;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints the last lines of each targeted instance's stdout and stderr log files (all"
                + " instances without TARGET), then follows their output live until Ctrl-C.",
            "Each line is prefixed with the instance: '3|web[0] | text' for stdout, '3|web[0] err |"
                + " text' for stderr; both go to standard output, in the order they arrive.",
            "Lines written between the end of the tail and the start of following are in the files"
                + " but may not be shown.");
    spec.addPositional(
        Options.parameters(String.class, "0..*", () -> targets, v -> targets = v)
            .paramLabel("TARGET")
            .description("Id, app name or namespace.")
            .build());
    spec.addOption(
        Options.option(int.class, () -> lines, v -> lines = v, "--lines")
            .paramLabel("N")
            .defaultValue("15")
            .description("Lines to print per instance and stream first (default 15; 0 for none).")
            .build());
    spec.addOption(
        Options.flag(() -> noStream, v -> noStream = v, "--nostream")
            .description("Print the last lines and exit; do not follow.")
            .build());
    spec.addOption(
        Options.flag(() -> raw, v -> raw = v, "--raw")
            .description("Print the lines without the instance prefix.")
            .build());
    spec.addArgGroup(
        ArgGroupSpec.builder()
            .exclusive(true)
            .addArg(
                Options.flag(() -> errOnly, v -> errOnly = v, "--err")
                    .description("Only stderr.")
                    .build())
            .addArg(
                Options.flag(() -> outOnly, v -> outOnly = v, "--out")
                    .description("Only stdout.")
                    .build())
            .build());
  }

  @Override
  protected int execute() {
    checkLines();
    List<ProcessInfo> instances =
        call(
                "logs",
                Request.newBuilder()
                    .setList(ListRequest.newBuilder().addAllTargets(targets))
                    .build(),
                Reply.ResultCase.PROCESSES)
            .getProcesses()
            .getProcessesList();
    if (lines > 0) {
      printTail();
    }
    if (!noStream) {
      follow(instances);
    }
    return ExitCodes.OK;
  }

  /** With --hosts: the last lines of every matching host, each line prefixed with its host. */
  @Override
  protected int executeOnFleet() {
    checkLines();
    if (!noStream) {
      throw usageError(
          "logs with --hosts prints the last lines only: add --nostream (jpm --hosts PATTERN"
              + " events follows the fleet's output)");
    }
    LogTailRequest tail =
        LogTailRequest.newBuilder()
            .addAllTargets(targets)
            .setLines(lines)
            .setStream(stream())
            .build();
    FleetReply reply = callFleet("logs", Request.newBuilder().setLogTail(tail).build());
    out().print(FleetSections.logTails(reply, lines, raw));
    return reportProblems(reply);
  }

  private void checkLines() {
    if (lines < 0 || lines > MAX_LINES) {
      throw usageError("--lines must be between 0 and " + MAX_LINES);
    }
  }

  private LogLine.Stream stream() {
    if (errOnly) {
      return LogLine.Stream.STREAM_ERR;
    }
    return outOnly ? LogLine.Stream.STREAM_OUT : LogLine.Stream.STREAM_UNSPECIFIED;
  }

  private void printTail() {
    LogTailRequest tail =
        LogTailRequest.newBuilder()
            .addAllTargets(targets)
            .setLines(lines)
            .setStream(stream())
            .build();
    List<LogLine> found =
        call("logs", Request.newBuilder().setLogTail(tail).build(), Reply.ResultCase.LOG_TAIL)
            .getLogTail()
            .getLinesList();
    LogLineRenderer.tail(found, lines, raw).forEach(out()::println);
    out().flush();
  }

  private void follow(List<ProcessInfo> instances) {
    LiveFilter filter = new LiveFilter(targets, instances, stream());
    try (EventStream feed = context().connector().subscribe(filter.topics())) {
      for (Event e = feed.next(); e != null; e = feed.next()) {
        if (e.getPayloadCase() == Event.PayloadCase.LOG && filter.accepts(e.getLog())) {
          out().println(LogLineRenderer.line(e.getLog(), raw));
          out().flush();
        }
      }
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "logs failed: " + e.getMessage());
    }
  }

  /** Which live lines belong to the targets: by app, and by id when an id was named. */
  static final class LiveFilter {
    private final boolean everything;
    private final Set<String> apps;
    private final Set<Integer> ids;
    private final boolean byId;
    private final LogLine.Stream stream;

    LiveFilter(List<String> targets, List<ProcessInfo> instances, LogLine.Stream stream) {
      this.everything = targets.isEmpty() || targets.contains("all");
      this.apps =
          instances.stream()
              .map(ProcessInfo::getName)
              .collect(Collectors.toCollection(TreeSet::new));
      this.ids = instances.stream().map(ProcessInfo::getId).collect(Collectors.toSet());
      this.byId =
          targets.stream().anyMatch(t -> !t.isEmpty() && t.chars().allMatch(Character::isDigit));
      this.stream = stream;
    }

    /** SUB topic prefixes: every log line, or those of the targeted apps. */
    List<String> topics() {
      return everything ? List.of("log.") : apps.stream().map(a -> "log." + a + ".").toList();
    }

    boolean accepts(LogLine l) {
      if (stream != LogLine.Stream.STREAM_UNSPECIFIED && l.getStream() != stream) {
        return false;
      }
      return everything || (apps.contains(l.getApp()) && (!byId || ids.contains(l.getId())));
    }
  }
}
