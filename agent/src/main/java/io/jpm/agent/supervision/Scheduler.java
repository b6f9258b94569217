package io.jpm.agent.supervision;

import java.time.Duration;

/** Port for timers. Tasks run on the supervisor loop thread. */
public interface Scheduler {

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    /** Cancels the task if it has not run; harmless afterwards. */
    void cancel();
  }

  /** Runs {@code task} on the supervisor loop thread after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);
}
