package io.jpm.agent.supervision;

import java.time.Duration;
import java.time.Instant;

/**
 * The supervision record of one instance: observed state, desired state and counters. Immutable;
 * {@link Transitions} returns a new one for every input.
 *
 * @param state observed state
 * @param wantUp desired state: should the instance be running (kept apart from {@code state} as s6
 *     does, so that a restart is "STOPPING while wanted up")
 * @param pid the process id, 0 when no process exists
 * @param startedAt when the current process was spawned, null when none
 * @param restarts restarts since creation or reset (automatic and requested)
 * @param unstableRestarts exits sooner than min_uptime since creation or reset
 * @param consecutiveUnstable unstable exits in a row; reaching max_restarts gives up
 * @param lastExitCode exit code of the last exit, null before any
 * @param lastDelay the last restart delay used, for exponential backoff
 */
public record InstanceState(
    ProcessState state,
    boolean wantUp,
    long pid,
    Instant startedAt,
    int restarts,
    int unstableRestarts,
    int consecutiveUnstable,
    Integer lastExitCode,
    Duration lastDelay) {

  /** A new instance that has never run. */
  public static InstanceState initial() {
    return new InstanceState(ProcessState.STOPPED, false, 0, null, 0, 0, 0, null, Duration.ZERO);
  }

  /** This record in another state, everything else equal. */
  public InstanceState in(ProcessState newState) {
    return new InstanceState(
        newState,
        wantUp,
        pid,
        startedAt,
        restarts,
        unstableRestarts,
        consecutiveUnstable,
        lastExitCode,
        lastDelay);
  }

  /** This record with another desired state. */
  public InstanceState wanting(boolean up) {
    return new InstanceState(
        state,
        up,
        pid,
        startedAt,
        restarts,
        unstableRestarts,
        consecutiveUnstable,
        lastExitCode,
        lastDelay);
  }

  /** This record with a live process. */
  public InstanceState withProcess(long newPid, Instant at) {
    return new InstanceState(
        state,
        wantUp,
        newPid,
        at,
        restarts,
        unstableRestarts,
        consecutiveUnstable,
        lastExitCode,
        lastDelay);
  }

  /** This record after the process exited with {@code code}. */
  public InstanceState exited(int code) {
    return new InstanceState(
        state, wantUp, 0, null, restarts, unstableRestarts, consecutiveUnstable, code, lastDelay);
  }

  /** This record with the restart counter incremented. */
  public InstanceState countRestart() {
    return new InstanceState(
        state,
        wantUp,
        pid,
        startedAt,
        restarts + 1,
        unstableRestarts,
        consecutiveUnstable,
        lastExitCode,
        lastDelay);
  }

  /** This record after an exit judged by the restart policy. */
  public InstanceState judged(boolean unstable, Duration delay) {
    return new InstanceState(
        state,
        wantUp,
        pid,
        startedAt,
        restarts,
        unstable ? unstableRestarts + 1 : unstableRestarts,
        unstable ? consecutiveUnstable + 1 : 0,
        lastExitCode,
        delay);
  }

  /** This record with the crash-loop counter cleared (a user started it again). */
  public InstanceState forgiven() {
    return new InstanceState(
        state, wantUp, pid, startedAt, restarts, unstableRestarts, 0, lastExitCode, Duration.ZERO);
  }

  /** This record with all counters zeroed (`jpm reset`). */
  public InstanceState reset() {
    return new InstanceState(state, wantUp, pid, startedAt, 0, 0, 0, lastExitCode, Duration.ZERO);
  }
}
