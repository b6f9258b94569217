package io.jpm.agent.supervision;

import java.time.Instant;
import java.util.List;

/**
 * Everything an agent must remember to come back as it was: every app with its spec, every instance
 * with its desired state, its process (to re-adopt it) and its counters. Immutable; made by {@link
 * Supervisor#export()} and given back to {@link Supervisor#restore} or {@link
 * Supervisor#resurrect}.
 *
 * @param nextId the next instance id to hand out, so ids stay unique across agent runs
 * @param apps every app, in the order they were added
 */
public record StateExport(int nextId, List<App> apps) {

  /** Defensive copy. */
  public StateExport {
    apps = List.copyOf(apps);
  }

  /** An export with no app. */
  public static StateExport empty() {
    return new StateExport(0, List.of());
  }

  /** Number of instances over all apps. */
  public int instanceCount() {
    return apps.stream().mapToInt(a -> a.instances().size()).sum();
  }

  /**
   * One app.
   *
   * @param spec its full spec, env values included
   * @param instances its instances, by id
   */
  public record App(AppSpec spec, List<Instance> instances) {
    /** Defensive copy. */
    public App {
      instances = List.copyOf(instances);
    }
  }

  /**
   * One instance.
   *
   * @param id agent-wide id
   * @param index index within its app
   * @param wantUp desired state: should it run
   * @param pid its process when one ran at export time, else 0
   * @param startTicks that process's start time in clock ticks since boot, else 0
   * @param restarts restarts since creation or reset
   * @param unstableRestarts unstable exits since creation or reset
   * @param createdAt when the instance was created
   * @param startedAt when its process started, null when none runs
   * @param lastExitCode exit code of its last exit, null before any
   * @param privatePort the private port its process was given (PORT), 0 when none
   */
  public record Instance(
      int id,
      int index,
      boolean wantUp,
      long pid,
      long startTicks,
      int restarts,
      int unstableRestarts,
      Instant createdAt,
      Instant startedAt,
      Integer lastExitCode,
      int privatePort) {

    /** An instance whose process has no private port. */
    public Instance(
        int id,
        int index,
        boolean wantUp,
        long pid,
        long startTicks,
        int restarts,
        int unstableRestarts,
        Instant createdAt,
        Instant startedAt,
        Integer lastExitCode) {
      this(
          id,
          index,
          wantUp,
          pid,
          startTicks,
          restarts,
          unstableRestarts,
          createdAt,
          startedAt,
          lastExitCode,
          0);
    }
  }
}
