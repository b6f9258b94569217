package io.jpm.agent.balancer;

import java.io.IOException;

/**
 * What a balancer reports so the agent can log and count it. Called on the balancer thread: an
 * implementation must return quickly and never block (post to another thread if it must).
 */
public interface BalancerListener {
  /** A listener that ignores everything. */
  BalancerListener NONE = new BalancerListener() {};

  /** Connecting to a backend failed; the connection was offered to the next backend, if any. */
  default void backendRefused(String port, String backendKey, IOException cause) {}

  /**
   * A client connection was closed without reaching any backend: none was in rotation within the
   * wait, or every backend refused it.
   */
  default void connectionDropped(String port, String reason) {}
}
