package io.jpm.agent.supervision;

import java.time.Instant;

/**
 * Observed state of one instance at one moment, safe to hand to any thread.
 *
 * @param id agent-wide instance id
 * @param name app name
 * @param namespace app namespace
 * @param index instance index within the app
 * @param pid process id, 0 when not running
 * @param state supervision state
 * @param wantUp desired state
 * @param restarts restarts since creation or reset
 * @param unstableRestarts unstable exits since creation or reset
 * @param uptimeMillis time since the current process started, 0 when none
 * @param cpuPercent last CPU sample, percent of one core
 * @param memoryBytes last resident memory sample
 * @param exitCode last exit code, null before any exit
 * @param createdAt when the instance was created
 * @param port the app's public port, 0 when it has none
 */
public record InstanceSnapshot(
    int id,
    String name,
    String namespace,
    int index,
    long pid,
    ProcessState state,
    boolean wantUp,
    int restarts,
    int unstableRestarts,
    long uptimeMillis,
    double cpuPercent,
    long memoryBytes,
    Integer exitCode,
    Instant createdAt,
    int port) {

  /** A snapshot of an instance whose app has no public port. */
  public InstanceSnapshot(
      int id,
      String name,
      String namespace,
      int index,
      long pid,
      ProcessState state,
      boolean wantUp,
      int restarts,
      int unstableRestarts,
      long uptimeMillis,
      double cpuPercent,
      long memoryBytes,
      Integer exitCode,
      Instant createdAt) {
    this(
        id,
        name,
        namespace,
        index,
        pid,
        state,
        wantUp,
        restarts,
        unstableRestarts,
        uptimeMillis,
        cpuPercent,
        memoryBytes,
        exitCode,
        createdAt,
        0);
  }
}
