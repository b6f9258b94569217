package io.jpm.agent.supervision;

/**
 * The observed supervision state of one instance; see {@link Transitions} for the graph.
 *
 * <p>pm2's display words (online, errored, ...) are the CLI's concern, not the domain's.
 */
public enum ProcessState {
  /** Never started, or stopped by request. */
  STOPPED,
  /** Spawned; not yet ready. */
  STARTING,
  /** Running and ready. */
  RUNNING,
  /** Exited; waiting for the restart delay. */
  BACKOFF,
  /** Stop signal sent; waiting for the exit. */
  STOPPING,
  /** Exited on its own; the restart policy said not to restart. */
  EXITED,
  /** Gave up (crash loop or spawn failure); needs a user action. */
  FATAL;

  /** True when a process exists for the instance in this state. */
  public boolean hasProcess() {
    return this == STARTING || this == RUNNING || this == STOPPING;
  }
}
