package io.jpm.agent;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Formats each log record as one line: time, level, logger, message. A stack trace follows only
 * when the record carries one, which the agent does for its own failures, never for clients'.
 */
public final class OneLineLogFormatter extends Formatter {
  // The handler installed by installOnRootLogger, kept to re-attach it after a LogManager reset.
  private static volatile Handler installed;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public String format(LogRecord r) {
    String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
    StringBuilder line =
        new StringBuilder()
            .append(TIME.format(Instant.ofEpochMilli(r.getMillis())))
            .append(' ')
            .append(r.getLevel().getName())
            .append(' ')
            .append(logger.substring(logger.lastIndexOf('.') + 1))
            .append(": ")
            .append(formatMessage(r).replace('\n', ' '))
            .append(System.lineSeparator());
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    return line.toString();
  }

  /** Makes the root logger write one-line records to stderr, replacing its handlers. */
  public static void installOnRootLogger() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler stderr = new ConsoleHandler();
    stderr.setFormatter(new OneLineLogFormatter());
    root.addHandler(stderr);
    installed = stderr;
  }

  /**
   * Re-attaches the installed handler if the JDK's own shutdown hook has already reset logging (it
   * removes every handler, so the agent's last lines on SIGTERM would be lost). Does nothing when
   * {@link #installOnRootLogger()} was never called.
   */
  public static void reattachAfterShutdownReset() {
    Handler h = installed;
    Logger root = Logger.getLogger("");
    if (h != null && !List.of(root.getHandlers()).contains(h)) {
      root.addHandler(h);
    }
  }
}
