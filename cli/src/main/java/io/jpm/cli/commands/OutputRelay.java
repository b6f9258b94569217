package io.jpm.cli.commands;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogSink;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.transport.LogProtos;
import io.jpm.cli.output.LogLineRenderer;
import java.io.PrintWriter;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the apps' output lines, as the agent captures them, to the command's own stdout (stdout
 * lines) and stderr (stderr lines): bare, as pm2-runtime prints them, or with `jpm logs`' prefix,
 * colored by app on a terminal (`jpm dev`, like pm2-dev).
 *
 * <p>Concurrency contract: {@link #line} is called on the agent's pump threads and never blocks: it
 * queues the line for the one writer thread, which owns both writers. When the runtime's output
 * cannot keep up (a slow log collector) and the queue holds {@link #MAX_QUEUED_CHARS}, new lines
 * are dropped and counted, and the writer says so on stderr: the log files keep every line, and the
 * agent's capture is never slowed down by the terminal.
 */
final class OutputRelay implements LogSink, AutoCloseable {
  /** How each line starts. */
  enum Prefix {
    /** The bare line. */
    NONE,
    /** `jpm logs`' prefix "3|web[0] | ". */
    PLAIN,
    /** `jpm logs`' prefix in a color of the app's (red for stderr lines), for a terminal. */
    COLORED
  }

  // Colors for prefixes, chosen from the app's name so the instances of one app look alike.
  private static final String[] COLORS = {
    "\u001b[36m", "\u001b[32m", "\u001b[35m", "\u001b[33m", "\u001b[34m", "\u001b[96m"
  };
  private static final String RED = "\u001b[31m";
  private static final String RESET = "\u001b[0m";
  static final long MAX_QUEUED_CHARS = 4L << 20;
  private static final CapturedLine END = new CapturedLine("", -1, -1, LogStream.OUT, "", false);

  private final PrintWriter out;
  private final PrintWriter err;
  private final Prefix prefix;
  private final String label;
  private final BlockingQueue<CapturedLine> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queuedChars = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean ending = new AtomicBoolean();
  private final Thread writer;
  private long reportedDrops;

  /**
   * A relay writing to {@code out} and {@code err}, each line starting with {@code prefix}; its own
   * notes start with "jpm LABEL: ". Its writer thread starts at once.
   */
  OutputRelay(PrintWriter out, PrintWriter err, Prefix prefix, String label) {
    this.out = out;
    this.err = err;
    this.prefix = prefix;
    this.label = label;
    this.writer = new Thread(this::writeUntilEnd, "jpm-" + label + "-output");
    writer.setDaemon(true);
    writer.start();
  }

  /** Called on pump threads; never blocks. */
  @Override
  public void line(CapturedLine line) {
    long size = line.text().length();
    if (ending.get() || queuedChars.addAndGet(size) > MAX_QUEUED_CHARS) {
      queuedChars.addAndGet(-size);
      dropped.incrementAndGet();
      return;
    }
    queue.add(line);
  }

  /** Lines dropped so far because the output could not keep up. */
  long dropped() {
    return dropped.get();
  }

  /**
   * Writes what is queued, then stops the writer; lines arriving later are dropped. Safe to call
   * from several threads (the runtime's main thread and its signal hook): each returns once the
   * writer has finished, or after 10 s.
   */
  @Override
  public void close() {
    if (ending.compareAndSet(false, true)) {
      queue.add(END);
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @SuppressWarnings("ReferenceEquality") // END is a marker: identity, not an equal line
  private void writeUntilEnd() {
    try {
      for (CapturedLine line = queue.take(); line != END; line = queue.take()) {
        queuedChars.addAndGet(-line.text().length());
        write(line);
        if (queue.isEmpty()) {
          flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      flush();
    }
  }

  private void write(CapturedLine line) {
    PrintWriter to = line.stream() == LogStream.ERR ? err : out;
    String text =
        switch (prefix) {
          case NONE -> line.text();
          case PLAIN -> LogLineRenderer.line(LogProtos.toProto(line), false);
          case COLORED -> colored(line);
        };
    // One call, so a line other threads print on stderr never lands inside it.
    to.write(text + "\n");
  }

  private static String colored(CapturedLine line) {
    var proto = LogProtos.toProto(line);
    String color =
        line.stream() == LogStream.ERR
            ? RED
            : COLORS[Math.floorMod(proto.getApp().hashCode(), COLORS.length)];
    return color + LogLineRenderer.prefix(proto) + RESET + proto.getLine();
  }

  private void flush() {
    long drops = dropped.get();
    if (drops > reportedDrops) {
      err.write(
          "jpm "
              + label
              + ": "
              + (drops - reportedDrops)
              + " output line(s) not shown: the output could not keep up (the log files have"
              + " them)\n");
      reportedDrops = drops;
    }
    out.flush();
    err.flush();
  }
}
