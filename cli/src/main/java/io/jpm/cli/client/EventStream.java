package io.jpm.cli.client;

import io.jpm.messages.v1.Event;

/** The agent's published events, in arrival order. Use from one thread only. */
public interface EventStream extends AutoCloseable {

  /** Blocks until the next event arrives; null when the stream has ended. */
  Event next() throws ControlException;

  /** Stops receiving; never throws. */
  @Override
  void close();
}
