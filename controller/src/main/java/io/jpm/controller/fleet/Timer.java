package io.jpm.controller.fleet;

import java.time.Duration;

/** Runs a task after a delay: a scheduled executor in the controller, a manual one in tests. */
public interface Timer {

  /**
   * Runs {@code task} once after {@code delay}, on the timer's thread.
   *
   * @return cancels the task when it has not run yet
   */
  Runnable schedule(Duration delay, Runnable task);
}
