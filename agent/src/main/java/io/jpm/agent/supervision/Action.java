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

  /** Start the app's readiness check on the instance's current process. */
  record Probe() implements Action {}

  /** Stop the readiness check if it runs. */
  record StopProbe() implements Action {}

  /** Put process {@code pid} of the instance in its app's rotation (apps with a port). */
  record Route(long pid) implements Action {}

  /** Take process {@code pid} of the instance out of its app's rotation (apps with a port). */
  record Unroute(long pid) implements Action {}
}
