package io.jpm.cli.client;

import io.jpm.messages.v1.Event;
import java.time.Duration;

/** The agent's published events, in arrival order. Use from one thread only. */
public interface EventStream extends AutoCloseable {

  /** Blocks until the next event arrives; null when the stream has ended. */
  Event next() throws ControlException;

  /** Waits at most {@code timeout} for the next event; null when none came in time. */
  Event next(Duration timeout) throws ControlException;

  /** Stops receiving; never throws. */
  @Override
  void close();
}
