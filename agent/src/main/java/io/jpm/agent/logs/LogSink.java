package io.jpm.agent.logs;

/** Port for live output lines; implemented by the transport's event publisher. */
public interface LogSink {

  /**
   * A line was captured. Called on the log copier thread; must not block: a sink that cannot keep
   * up drops lines (the log file is the source of truth).
   */
  void line(CapturedLine line);

  /**
   * Whether lines of this stream are wanted now (asked once per copied chunk, on the log copier
   * thread; must be cheap and must not block). When no sink wants them, the copier does not cut the
   * chunk into lines at all: a flood nobody watches costs only its copy into the file.
   */
  default boolean wants(String app, int id, int index, LogStream stream) {
    return true;
  }

  /** A sink that drops everything. */
  static LogSink none() {
    return new LogSink() {
      @Override
      public void line(CapturedLine line) {}

      @Override
      public boolean wants(String app, int id, int index, LogStream stream) {
        return false;
      }
    };
  }

  /** A sink that tells {@code first}, then {@code second}; it wants what either wants. */
  static LogSink both(LogSink first, LogSink second) {
    return new LogSink() {
      @Override
      public void line(CapturedLine line) {
        first.line(line);
        second.line(line);
      }

      @Override
      public boolean wants(String app, int id, int index, LogStream stream) {
        return first.wants(app, id, index, stream) || second.wants(app, id, index, stream);
      }
    };
  }
}
