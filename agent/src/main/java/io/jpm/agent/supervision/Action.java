package io.jpm.agent.supervision;

import java.time.Duration;

/** A side effect that the shell must perform for one instance. Actions are imperative. */
public sealed interface Action {

  /** Create the instance's process. The shell feeds back Spawned or SpawnFailed at once. */
  record Spawn() implements Action {}

  /** Send a signal (name without "SIG", e.g. "TERM") to the instance's process group. */
  record Signal(String signal) implements Action {}

  /**
   * SIGKILL whatever is left of the process group of the exited process, so nothing an instance
   * started outlives it (no ghost processes).
   */
  record KillGroup(long pgid) implements Action {}

  /** Start (or restart) the timer of this kind. */
  record StartTimer(TimerKind kind, Duration delay) implements Action {}

  /** Cancel the timer of this kind if it runs. */
  record CancelTimer(TimerKind kind) implements Action {}
}
