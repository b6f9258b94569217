package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Port for watching an app's files: reports, after a quiet time, the last file that changed. */
public interface FileWatch {

  /** One app's watch; closing it stops it. */
  interface Watching {
    /** Stops watching; no report comes after. */
    void close();
  }

  /**
   * Starts watching {@code policy}'s paths under {@code cwd}; {@code changed} gets the path of the
   * last changed file once changes have been quiet for the policy's delay (on any thread).
   */
  Watching watch(Path cwd, WatchPolicy policy, Consumer<String> changed);

  /** Watches nothing. */
  static FileWatch none() {
    return (cwd, policy, changed) -> () -> {};
  }
}
