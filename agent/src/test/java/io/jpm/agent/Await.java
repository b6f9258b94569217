package io.jpm.agent;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline, polling: the only way tests wait (never a bare sleep). */
public final class Await {
  private static final long POLL_MILLIS = 5;

  private Await() {}

  /** Returns once {@code condition} holds; fails the test if it does not within {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout) {
    until("condition", condition, timeout);
  }

  /** Like {@link #until(BooleanSupplier, Duration)}, naming what was awaited in the failure. */
  public static void until(String what, BooleanSupplier condition, Duration timeout) {
    until(what, condition, timeout, () -> "");
  }

  /**
   * Like {@link #until(String, BooleanSupplier, Duration)}, adding {@code state} (evaluated on
   * failure) to the message, so a timeout says what was seen instead.
   */
  public static void until(
      String what, BooleanSupplier condition, Duration timeout, Supplier<?> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(
            "timed out after " + timeout + " waiting for " + what + "; " + state.get());
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
