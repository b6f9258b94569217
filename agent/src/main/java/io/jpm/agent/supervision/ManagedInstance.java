package io.jpm.agent.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The supervisor's mutable holder for one instance: its record, process handle, timers and history.
 * Touched only on the supervisor loop thread.
 */
final class ManagedInstance {
  private static final int HISTORY = 50;

  final int id;
  final int index;
  final String app;
  final String namespace;
  final Instant createdAt;
  InstanceState state = InstanceState.initial();
  // Start time (clock ticks since boot) of the process in state.pid(), saved with the pid so the
  // next agent never mistakes a recycled pid for it.
  long startTicks;
  // The private port (PORT) of the process in state.pid(), 0 when the app gives none.
  int privatePort;
  boolean deleting;
  boolean removed;
  // The readiness check of the current process, and a number that tells its late reports from
  // those of the current one.
  Scheduler.Cancellable probing;
  long probeGeneration;
  // The latest reason the current process is not ready yet, from its probe; null when none. And
  // whether it was killed for not being ready within listen_timeout.
  String readinessProblem;
  boolean readyTimedOut;
  // Starts that failed (exit or kill before ready, spawn failure), and why the last one did:
  // what `start` and `reload` wait on besides RUNNING.
  int failedStarts;
  String startFailure;
  // Outside the process table during a reload: the replacement until it is ready, then the
  // process it replaced while that drains and stops. Never restarted automatically (a
  // replacement gets one chance); its history goes to reportsTo's, prefixed with its role.
  boolean shadow;
  ManagedInstance reportsTo;
  String role;
  final Map<TimerKind, Scheduler.Cancellable> timers = new EnumMap<>(TimerKind.class);
  final Map<TimerKind, Long> timerGeneration = new EnumMap<>(TimerKind.class);
  private final ArrayDeque<InstanceEvent> history = new ArrayDeque<>();

  ManagedInstance(int id, int index, String app, String namespace, Instant createdAt) {
    this.id = id;
    this.namespace = namespace;
    this.index = index;
    this.app = app;
    this.createdAt = createdAt;
  }

  /** An instance a previous agent left, STOPPED with its counters, before any process is seen. */
  static ManagedInstance restored(AppSpec spec, StateExport.Instance saved) {
    ManagedInstance mi =
        new ManagedInstance(
            saved.id(), saved.index(), spec.name(), spec.namespace(), saved.createdAt());
    mi.state =
        new InstanceState(
            ProcessState.STOPPED,
            saved.wantUp(),
            0,
            null,
            saved.restarts(),
            saved.unstableRestarts(),
            0,
            saved.lastExitCode(),
            Duration.ZERO);
    mi.privatePort = saved.privatePort();
    return mi;
  }

  /**
   * A reload's replacement for {@code old}: same id, index and counters, STOPPED with no process,
   * outside the process table until it is ready.
   */
  static ManagedInstance replacementFor(ManagedInstance old) {
    ManagedInstance mi =
        new ManagedInstance(old.id, old.index, old.app, old.namespace, old.createdAt);
    InstanceState s = old.state;
    mi.state =
        new InstanceState(
            ProcessState.STOPPED,
            false,
            0,
            null,
            s.restarts(),
            s.unstableRestarts(),
            0,
            s.lastExitCode(),
            Duration.ZERO);
    mi.shadow = true;
    mi.reportsTo = old;
    mi.role = "replacement";
    return mi;
  }

  /** Takes over the history of the instance this one replaces, followed by its own. */
  void takeHistory(ManagedInstance from) {
    ArrayDeque<InstanceEvent> own = new ArrayDeque<>(history);
    history.clear();
    from.history.forEach(this::remember);
    own.forEach(this::remember);
  }

  /** What the next agent needs to know of this instance. */
  StateExport.Instance export() {
    boolean live = state.pid() != 0 && state.state().hasProcess();
    return new StateExport.Instance(
        id,
        index,
        // An instance being deleted must not come back wanted up.
        state.wantUp() && !deleting,
        live ? state.pid() : 0,
        live ? startTicks : 0,
        state.restarts(),
        state.unstableRestarts(),
        createdAt,
        live ? state.startedAt() : null,
        state.lastExitCode(),
        live ? privatePort : 0);
  }

  void remember(InstanceEvent event) {
    if (history.size() == HISTORY) {
      history.removeFirst();
    }
    history.addLast(event);
  }

  List<InstanceEvent> history() {
    return List.copyOf(history);
  }

  /** The reason of the last event, for error messages. */
  String lastReason() {
    return history.isEmpty() ? "" : history.getLast().reason();
  }

  long nextTimerGeneration(TimerKind kind) {
    long gen = timerGeneration.getOrDefault(kind, 0L) + 1;
    timerGeneration.put(kind, gen);
    return gen;
  }

  boolean isCurrentTimer(TimerKind kind, long generation) {
    return timerGeneration.getOrDefault(kind, 0L) == generation && timers.containsKey(kind);
  }

  Targets.Key key() {
    return new Targets.Key(id, app, namespace);
  }
}
