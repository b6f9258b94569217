package io.jpm.agent.supervision;

/** The timers an instance can have running, at most one of each kind. */
public enum TimerKind {
  /** The restart delay in BACKOFF. */
  BACKOFF,
  /** The kill_timeout after a stop signal, ending in SIGKILL. */
  KILL,
  /** The deadline for a readiness signal in STARTING. */
  READY
}
