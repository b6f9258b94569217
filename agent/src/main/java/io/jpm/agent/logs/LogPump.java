package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves one instance stream from its FIFO to its log file and the live feed, on a thread of its
 * own: blocking reads into one fixed 64 KiB buffer, each chunk written to the file at once (framed
 * by a {@link LineFramer}) and cut into lines for the {@link LogSink} (by a {@link LineAssembler}).
 * Memory stays bounded whatever the app prints: when the file is slower than the app, the pipe
 * fills and the app blocks on its next write (back-pressure), nothing is dropped.
 *
 * <p>End of stream (every writer of the FIFO gone: the process and its children exited) ends the
 * pump after closing an open last line. {@link #detach()} ends it without touching the stream,
 * leaving any unread bytes in the pipe for the next agent, which re-attaches to the same FIFO.
 */
public final class LogPump {
  private static final Logger LOG = Logger.getLogger(LogPump.class.getName());

  /** Bytes read at once: a Linux pipe's default capacity. */
  public static final int READ_BUFFER = 64 * 1024;

  private static final long STACK_BYTES = 256 * 1024;
  private static final long HANDOFF_MS = 2_000;

  /** Where the bytes come from (a FIFO, or a pipe in tests). */
  @FunctionalInterface
  public interface Source {
    /** Opens the stream, without blocking. */
    ReadableByteChannel open() throws IOException;
  }

  private final Source source;
  private final LineFramer framer;
  private final LineAssembler lines;
  private final LogFileWriter writer;
  private final LogPump previous;
  private final String name;
  private final Thread thread;
  private final CompletableFuture<Boolean> ended = new CompletableFuture<>();
  private ReadableByteChannel channel;
  private boolean detaching;
  private long writeFailures;

  /**
   * A pump, not yet started.
   *
   * @param previous the pump that wrote this file for the instance's previous process, whose last
   *     bytes are written first; may be null
   */
  LogPump(
      String name,
      Source source,
      LineFramer framer,
      LineAssembler lines,
      LogFileWriter writer,
      LogPump previous) {
    this.source = source;
    this.framer = framer;
    this.lines = lines;
    this.writer = writer;
    this.previous = previous;
    this.name = name;
    this.thread = new Thread(null, this::run, name, STACK_BYTES);
    thread.setDaemon(true);
  }

  /** Starts the pump thread. */
  public void start() {
    thread.start();
  }

  /** Completes when the pump has stopped: true at end of stream, false when detached. */
  public CompletableFuture<Boolean> ended() {
    return ended;
  }

  /**
   * Stops reading, without losing what was read (it is written first) and without closing any line:
   * the stream goes on in the pipe for whoever reads it next. Waits at most {@code timeoutMs}.
   */
  public void detach(long timeoutMs) {
    ReadableByteChannel c;
    synchronized (this) {
      detaching = true;
      c = channel;
    }
    if (c != null) {
      closeQuietly(c); // a read blocked in it returns what it had, or fails: AsynchronousClose
    }
    try {
      ended.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warning(name + ": did not stop within " + timeoutMs + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean eof = false;
    try {
      ReadableByteChannel in = source.open();
      synchronized (this) {
        if (detaching) {
          in.close();
          return;
        }
        channel = in;
      }
      awaitPrevious();
      framer.startAt(!writer.endsMidLine());
      eof = pump(in);
    } catch (IOException e) {
      LOG.log(Level.WARNING, name + ": cannot read the output stream", e);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, name + ": output pump failed", e);
    } finally {
      finish(eof);
    }
  }

  private boolean pump(ReadableByteChannel in) throws IOException {
    byte[] bytes = new byte[READ_BUFFER];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (true) {
      buffer.clear();
      int n;
      try {
        n = in.read(buffer);
      } catch (ClosedChannelException e) {
        return false; // detached
      }
      if (n < 0) {
        return true;
      }
      if (n > 0) {
        passOn(bytes, n);
      }
    }
  }

  private void passOn(byte[] bytes, int n) {
    try {
      framer.write(bytes, 0, n);
    } catch (IOException e) {
      // The app must not block on a full disk: the chunk is lost, and said so.
      if (writeFailures++ % 1000 == 0) {
        LOG.warning(name + ": cannot write " + writer.file() + " (" + writeFailures + "x): " + e);
      }
    }
    lines.accept(bytes, 0, n);
  }

  private void awaitPrevious() {
    if (previous == null) {
      return;
    }
    try {
      previous.ended.get(HANDOFF_MS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      LOG.warning(name + ": the previous process's output is still open; both now share the file");
    } catch (ExecutionException e) {
      LOG.log(Level.FINE, "previous pump failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void finish(boolean eof) {
    try {
      if (eof) {
        framer.endLine();
      }
    } catch (IOException e) {
      LOG.warning(name + ": cannot end the last line in " + writer.file() + ": " + e);
    }
    lines.finish();
    synchronized (this) {
      closeQuietly(channel);
    }
    ended.complete(eof);
  }

  private void closeQuietly(ReadableByteChannel c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      LOG.fine(() -> name + ": close failed: " + e);
    }
  }
}
