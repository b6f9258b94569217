package io.jpm.agent.transport;

import io.jpm.agent.logs.LogCommands;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.CommandException.Failure;
import io.jpm.agent.supervision.LogTarget;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.messages.v1.FlushRequest;
import io.jpm.messages.v1.LogTailReply;
import io.jpm.messages.v1.LogTailRequest;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.SendRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The log commands (flush, send, log_tail): the Supervisor resolves the targets on its loop, then
 * {@link LogCommands} does the file and FIFO work off the loop.
 */
final class LogRequests {
  /** Lines per instance and stream when the request says 0. */
  static final int DEFAULT_LINES = 15;

  /** Most lines per instance and stream one request may ask for. */
  static final int MAX_LINES = 10_000;

  private final Supervisor supervisor;
  private final SupervisorLoop loop;
  private final LogCommands logs;
  private final String host;

  LogRequests(Supervisor supervisor, SupervisorLoop loop, LogCommands logs, String host) {
    this.supervisor = supervisor;
    this.loop = loop;
    this.logs = logs;
    this.host = host;
  }

  /** Empties the targets' log files; answers their rows. */
  CompletableFuture<Reply> flush(FlushRequest r) {
    return targets(r.getTargetsList())
        .thenCompose(ts -> logs.flush(ts).thenApply(x -> processList(ts)));
  }

  /** Writes a line to the stdin of the targeted running instances; answers their rows. */
  CompletableFuture<Reply> send(SendRequest r) {
    if (r.getTarget().isBlank()) {
      throw new CommandException(Failure.INVALID_ARGUMENT, "send needs a target");
    }
    return targets(List.of(r.getTarget()))
        .thenCompose(
            ts -> {
              List<LogTarget> running = ts.stream().filter(LogTarget::running).toList();
              if (running.isEmpty()) {
                throw new CommandException(
                    Failure.REJECTED_IN_STATE,
                    "no instance of '" + r.getTarget() + "' is running; nothing to send to");
              }
              return logs.send(running, r.getLine()).thenApply(x -> processList(running));
            });
  }

  /** The last lines of the targets' log files. */
  CompletableFuture<Reply> tail(LogTailRequest r) {
    if (r.getLines() < 0 || r.getLines() > MAX_LINES) {
      throw new CommandException(
          Failure.INVALID_ARGUMENT, "lines must be between 0 and " + MAX_LINES);
    }
    int lines = r.getLines() == 0 ? DEFAULT_LINES : r.getLines();
    Set<LogStream> streams =
        switch (r.getStream()) {
          case STREAM_OUT -> EnumSet.of(LogStream.OUT);
          case STREAM_ERR -> EnumSet.of(LogStream.ERR);
          default -> EnumSet.allOf(LogStream.class);
        };
    return targets(r.getTargetsList())
        .thenCompose(ts -> logs.tail(ts, lines, streams))
        .thenApply(
            found -> {
              LogTailReply.Builder b = LogTailReply.newBuilder();
              found.forEach(line -> b.addLines(LogProtos.toProto(line)));
              return Reply.newBuilder().setLogTail(b).build();
            });
  }

  private CompletableFuture<List<LogTarget>> targets(List<String> targets) {
    return loop.call(() -> CompletableFuture.completedFuture(supervisor.logTargets(targets)));
  }

  private Reply processList(List<LogTarget> targets) {
    ProcessList.Builder b = ProcessList.newBuilder();
    targets.forEach(t -> b.addProcesses(AgentProtos.toProto(t.instance(), host)));
    return Reply.newBuilder().setProcesses(b).build();
  }
}
