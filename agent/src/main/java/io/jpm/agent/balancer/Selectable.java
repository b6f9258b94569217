package io.jpm.agent.balancer;

import java.nio.channels.SelectionKey;

/** What a selection key of the balancer thread is attached to. Called on that thread only. */
interface Selectable {
  /** Handles readiness of {@code key}; errors of one connection are handled inside. */
  void onReady(SelectionKey key);

  /** Closes everything this attachment owns, after an unexpected error in {@link #onReady}. */
  void abort();
}
