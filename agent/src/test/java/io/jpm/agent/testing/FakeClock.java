package io.jpm.agent.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that moves only when a test advances it. */
public final class FakeClock implements InstantSource {
  private Instant now;

  /** A clock at a fixed, arbitrary instant. */
  public FakeClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A clock at {@code start}. */
  public FakeClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves time forward. */
  public void advance(Duration d) {
    now = now.plus(d);
  }
}
