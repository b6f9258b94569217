package io.jpm.agent.logs;

/** Port for live output lines; implemented by the transport's event publisher. */
public interface LogSink {

  /**
   * A line was captured. Called on the log copier thread; must not block: a sink that cannot keep
   * up drops lines (the log file is the source of truth).
   */
  void line(CapturedLine line);

  /** A sink that drops everything. */
  static LogSink none() {
    return line -> {};
  }
}
