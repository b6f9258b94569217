package io.jpm.agent.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the formatted messages logged under a logger name (in-JVM agents), for assertions. */
public final class CapturedLogs extends Handler implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private CapturedLogs(Logger logger) {
    this.logger = logger;
    setLevel(Level.ALL);
  }

  /** Starts collecting what {@code loggerName} and the loggers below it log. */
  public static CapturedLogs of(String loggerName) {
    Logger logger = Logger.getLogger(loggerName);
    CapturedLogs logs = new CapturedLogs(logger);
    logger.addHandler(logs);
    return logs;
  }

  /** True once a line containing {@code part} was logged. */
  public boolean contains(String part) {
    return lines.stream().anyMatch(l -> l.contains(part));
  }

  /** The lines so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    Object[] params = record.getParameters();
    lines.add(params == null ? message : java.text.MessageFormat.format(message, params));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
