package io.jpm.agent.logs;

import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.LogTarget;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The log commands' file and FIFO work (flush, send, logs), for instances the Supervisor resolved.
 * Each call returns at once; the work runs off the caller's thread.
 */
public interface LogCommands {

  /** Empties the current log files of {@code targets} and deletes their rotated files. */
  CompletableFuture<Void> flush(List<LogTarget> targets);

  /** Writes {@code line} and a newline to the stdin of each target (all must be running). */
  CompletableFuture<Void> send(List<LogTarget> targets, String line);

  /**
   * The last {@code lines} lines of each target's files, per instance and stream, oldest first, as
   * stored (with their prefixes); rotated files are read when the current one has fewer lines.
   */
  CompletableFuture<List<CapturedLine>> tail(
      List<LogTarget> targets, int lines, Set<LogStream> streams);

  /** Commands that fail: for agents without output capture (tests with fake launchers). */
  static LogCommands unsupported() {
    return new LogCommands() {
      @Override
      public CompletableFuture<Void> flush(List<LogTarget> targets) {
        return fail();
      }

      @Override
      public CompletableFuture<Void> send(List<LogTarget> targets, String line) {
        return fail();
      }

      @Override
      public CompletableFuture<List<CapturedLine>> tail(
          List<LogTarget> targets, int lines, Set<LogStream> streams) {
        return fail();
      }

      private <T> CompletableFuture<T> fail() {
        return CompletableFuture.failedFuture(
            new CommandException(
                CommandException.Failure.INVALID_ARGUMENT,
                "this agent does not capture output (its launcher has no log files)"));
      }
    };
  }
}
