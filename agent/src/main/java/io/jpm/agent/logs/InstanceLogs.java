package io.jpm.agent.logs;

import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.LogTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * The log commands on the files and FIFOs of an {@link OutputCapture}, run on a few daemon threads
 * so the control server never waits on a disk or a full pipe.
 */
public final class InstanceLogs implements LogCommands, AutoCloseable {
  /** How long `send` may wait for an app that does not read its stdin. */
  static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

  private static final Duration FIFO_WAIT = Duration.ofSeconds(2);

  /** Bytes of log lines one `logs` reply carries at most, per instance stream. */
  static final long TAIL_BUDGET = 4L * 1024 * 1024;

  private final OutputCapture capture;
  private final ExecutorService io;

  /** Commands on the files and FIFOs of {@code capture}. */
  public InstanceLogs(OutputCapture capture) {
    this.capture = capture;
    this.io =
        new ThreadPoolExecutor(
            0,
            4,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "jpm-log-io");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public CompletableFuture<Void> flush(List<LogTarget> targets) {
    return run(
        () -> {
          for (LogTarget t : targets) {
            flush(t.files().out());
            flush(t.files().err());
          }
          return null;
        });
  }

  private void flush(Path file) {
    try {
      LogFileWriter open = capture.openWriter(file);
      if (open != null) {
        open.truncate();
      } else {
        LogFileWriter.truncate(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<Void> send(List<LogTarget> targets, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    return run(
        () -> {
          for (LogTarget t : targets) {
            write(capture.stdin(t.instance().id()), bytes, t);
          }
          return null;
        });
  }

  private static void write(Path fifo, byte[] bytes, LogTarget t) {
    if (fifo == null || t.instance().pid() <= 0 || !awaitStdin(fifo, t.instance().pid())) {
      throw new CommandException(
          CommandException.Failure.REJECTED_IN_STATE,
          "instance " + t.instance().id() + " has no stdin pipe (it is not running)");
    }
    // Read-write: never blocks in open(), even if the process just went away.
    try (FileChannel c =
        FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      // Closing the channel releases a write blocked on a full pipe.
      CompletableFuture<Void> guard =
          CompletableFuture.runAsync(
              () -> closeQuietly(c),
              CompletableFuture.delayedExecutor(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      try {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          c.write(buffer);
        }
      } finally {
        guard.cancel(false);
      }
    } catch (AsynchronousCloseException e) {
      throw new CommandException(
          CommandException.Failure.REJECTED_IN_STATE,
          "instance "
              + t.instance().id()
              + " does not read its stdin (its pipe stayed full for "
              + SEND_TIMEOUT.toSeconds()
              + "s)");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write to the stdin of instance " + t.instance().id() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The child's launch shell makes its stdin FIFO and opens it a moment after the spawn. A line
   * sent before that would be lost with the pipe when we close it (a FIFO's bytes live only while
   * someone holds it open), so a line sent right after a start waits, briefly, until the FIFO is
   * the process's stdin.
   */
  private static boolean awaitStdin(Path fifo, long pid) {
    long deadline = System.nanoTime() + FIFO_WAIT.toNanos();
    while (!isFifo(fifo) || !isStdinOf(fifo, pid)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    return true;
  }

  private static boolean isStdinOf(Path fifo, long pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "0"))
          .equals(fifo.toAbsolutePath());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean isFifo(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isOther();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public CompletableFuture<List<CapturedLine>> tail(
      List<LogTarget> targets, int lines, Set<LogStream> streams) {
    return run(
        () -> {
          List<CapturedLine> out = new ArrayList<>();
          for (LogTarget t : targets) {
            for (LogStream stream : LogStream.values()) {
              if (streams.contains(stream)) {
                tail(t, stream, lines, out);
              }
            }
          }
          return out;
        });
  }

  private static void tail(LogTarget t, LogStream stream, int lines, List<CapturedLine> out) {
    Path file = stream == LogStream.OUT ? t.files().out() : t.files().err();
    try {
      for (LogTail.StoredLine l : LogTail.last(file, lines, TAIL_BUDGET)) {
        out.add(
            new CapturedLine(
                t.instance().name(),
                t.instance().id(),
                t.instance().index(),
                stream,
                l.text(),
                l.partial()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private <T> CompletableFuture<T> run(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, io);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new CommandException(
              CommandException.Failure.REJECTED_IN_STATE, "too many log commands at once"));
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // best effort: the write fails either way
    }
  }

  /** Stops the worker threads after the commands under way. */
  @Override
  public void close() {
    io.shutdown();
  }
}
