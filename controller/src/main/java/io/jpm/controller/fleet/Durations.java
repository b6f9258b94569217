package io.jpm.controller.fleet;

import java.time.Duration;

/** Durations as people write them in messages: 250ms, 3s, 90s. */
final class Durations {
  private Durations() {}

  /** {@code d} in whole seconds when exact, else in milliseconds. */
  static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 && ms > 0 ? (ms / 1000) + "s" : ms + "ms";
  }
}
