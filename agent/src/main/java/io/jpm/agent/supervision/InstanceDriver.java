package io.jpm.agent.supervision;

import io.jpm.agent.supervision.Action.CancelTimer;
import io.jpm.agent.supervision.Action.KillGroup;
import io.jpm.agent.supervision.Action.Probe;
import io.jpm.agent.supervision.Action.Route;
import io.jpm.agent.supervision.Action.Signal;
import io.jpm.agent.supervision.Action.Spawn;
import io.jpm.agent.supervision.Action.StartTimer;
import io.jpm.agent.supervision.Action.StopProbe;
import io.jpm.agent.supervision.Action.Unroute;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The imperative shell around {@link Transitions}: feeds an input to one instance, records and
 * publishes the outcome, and performs the actions through the ports.
 *
 * <p>Called only on the supervisor loop thread. Callbacks from other threads (process exits,
 * timers, probes) are posted back through {@code loop} to the instance object they were made for,
 * which need not be in the process table (a reload's replacement, or the process it replaced), and
 * stale ones (an exit of a pid the instance no longer has, a timer that was cancelled or replaced)
 * are dropped there. Such an out-of-table instance never publishes a snapshot of its own: what
 * happens to it is told in the history of the instance it reports to.
 */
final class InstanceDriver {
  private final ProcessLauncher launcher;
  private final Scheduler scheduler;
  private final EventSink events;
  private final UsageMeter usage;
  private final InstantSource clock;
  private final Executor loop;
  private final Function<String, AppSpec> specs;
  private final Consumer<ManagedInstance> afterChange;
  private final InstanceServing serving;

  InstanceDriver(
      ProcessLauncher launcher,
      Scheduler scheduler,
      EventSink events,
      UsageMeter usage,
      InstantSource clock,
      Executor loop,
      ServingPorts serving,
      Function<String, AppSpec> specs,
      Consumer<ManagedInstance> afterChange) {
    this.launcher = launcher;
    this.scheduler = scheduler;
    this.events = events;
    this.usage = usage;
    this.clock = clock;
    this.loop = loop;
    this.specs = specs;
    this.afterChange = afterChange;
    this.serving = new InstanceServing(serving, loop, this::apply);
  }

  /** Applies one input: decide, record, publish, then act. */
  void apply(ManagedInstance mi, Input input) {
    AppSpec spec = specs.apply(mi.app);
    InstancePolicy policy = mi.shadow ? spec.policy().withoutAutorestart() : spec.policy();
    Instant now = clock.instant();
    InstanceState before = mi.state;
    Decision d = Transitions.next(before, input, policy, now);
    mi.state = d.next();
    String reason = StartFailures.judge(mi, before, input, d, policy);
    boolean changed = before.state() != d.next().state();
    if (changed || !reason.isEmpty()) {
      record(mi, before, reason, now);
    }
    for (Action action : d.actions()) {
      perform(mi, action, spec);
    }
    afterChange.accept(mi);
  }

  /**
   * Remembers and publishes one decision; an instance outside the table tells the instance it
   * reports to instead, as a note naming its role and pid.
   */
  private void record(ManagedInstance mi, InstanceState before, String reason, Instant now) {
    if (mi.reportsTo == null) {
      mi.remember(new InstanceEvent(now, before.state(), mi.state.state(), reason));
      events.stateChanged(snapshot(mi), before.state(), reason, false);
      return;
    }
    long pid = mi.state.pid() != 0 ? mi.state.pid() : before.pid();
    note(mi.reportsTo, "reload: " + mi.role + (pid != 0 ? " pid " + pid : "") + ": " + reason);
  }

  /** The instance's observed state now, with its latest usage sample. */
  InstanceSnapshot snapshot(ManagedInstance mi) {
    InstanceState s = mi.state;
    boolean live = s.pid() != 0 && s.state().hasProcess();
    UsageMeter.Usage u = live ? usage.of(s.pid()) : UsageMeter.Usage.NONE;
    long uptime = live && s.startedAt() != null ? clock.millis() - s.startedAt().toEpochMilli() : 0;
    // The app is gone already when the snapshot of its last deleted instance is taken.
    AppSpec spec = specs.apply(mi.app);
    return new InstanceSnapshot(
        mi.id,
        mi.app,
        mi.namespace,
        mi.index,
        live ? s.pid() : 0,
        s.state(),
        s.wantUp(),
        s.restarts(),
        s.unstableRestarts(),
        Math.max(0, uptime),
        u.cpuPercent(),
        u.rssBytes(),
        s.lastExitCode(),
        mi.createdAt,
        spec == null ? 0 : spec.port());
  }

  /** Publishes a change that did not come from the state machine (reset, delete). */
  void publish(ManagedInstance mi, String reason, boolean deleted) {
    events.stateChanged(snapshot(mi), mi.state.state(), reason, deleted);
  }

  /** Sends a user's signal (name without "SIG") to the instance's process group. */
  void signal(ManagedInstance mi, String signal) {
    launcher.signalGroup(mi.state.pid(), signal);
    mi.remember(
        new InstanceEvent(
            clock.instant(),
            mi.state.state(),
            mi.state.state(),
            "sent SIG" + signal + " by request"));
  }

  /** The instance's output files. */
  ProcessLauncher.LogFiles logFiles(ManagedInstance mi) {
    return launcher.logFiles(mi.app, mi.index, logPolicy(mi, specs.apply(mi.app)));
  }

  /** The instance's log policy in its per-instance form (its own file names). */
  static LogPolicy logPolicy(ManagedInstance mi, AppSpec spec) {
    return spec.logs().forInstance(spec.cwd(), mi.index, spec.instances());
  }

  /** Cancels every timer and probe of an instance that is going away. */
  void cancelTimers(ManagedInstance mi) {
    mi.timers.values().forEach(Scheduler.Cancellable::cancel);
    mi.timers.clear();
    serving.stopProbe(mi);
  }

  /** Routes and drains for reloads; see {@link InstanceServing}. */
  InstanceServing serving() {
    return serving;
  }

  /** The loop's timers, for reloads. */
  Scheduler scheduler() {
    return scheduler;
  }

  private void perform(ManagedInstance mi, Action action, AppSpec spec) {
    if (action instanceof Spawn) {
      spawn(mi, spec);
    } else if (action instanceof Signal sig) {
      launcher.signalGroup(mi.state.pid(), sig.signal());
    } else if (action instanceof KillGroup kill) {
      usage.untrack(kill.pgid());
      launcher.signalGroup(kill.pgid(), "KILL");
    } else if (action instanceof StartTimer timer) {
      startTimer(mi, timer);
    } else if (action instanceof CancelTimer cancel) {
      Scheduler.Cancellable c = mi.timers.remove(cancel.kind());
      if (c != null) {
        c.cancel();
      }
      mi.nextTimerGeneration(cancel.kind());
    } else if (action instanceof Probe) {
      serving.startProbe(mi, spec);
    } else if (action instanceof StopProbe) {
      serving.stopProbe(mi);
    } else if (action instanceof Route route) {
      serving.route(mi, spec, route.pid());
    } else if (action instanceof Unroute unroute) {
      serving.unroute(mi, spec, unroute.pid());
    }
  }

  private void spawn(ManagedInstance mi, AppSpec spec) {
    StartFailures.newProcess(mi);
    String noPort = serving.assignPort(mi, spec);
    if (noPort != null) {
      apply(mi, new Input.SpawnFailed(noPort));
      return;
    }
    ProcessLauncher.LaunchedProcess process;
    try {
      process = launcher.spawn(LaunchRequests.of(mi, spec));
    } catch (ProcessLauncher.SpawnException e) {
      apply(mi, new Input.SpawnFailed(e.getMessage()));
      return;
    }
    long pid = process.pid();
    mi.startTicks = process.startTicks();
    watch(mi, process);
    apply(mi, new Input.Spawned(pid));
  }

  /**
   * Takes over the process a previous agent left running for this (restored, STOPPED) instance.
   *
   * @return null when adopted (the instance is then RUNNING), else why not: the process is gone or
   *     its pid now belongs to another process
   */
  String adopt(ManagedInstance mi, long pid, long startTicks, Instant startedAt) {
    AppSpec spec = specs.apply(mi.app);
    ProcessLauncher.LaunchedProcess process;
    try {
      process =
          launcher.adopt(
              new ProcessLauncher.AdoptRequest(
                  spec.name(), mi.id, mi.index, pid, startTicks, spec.logs()));
    } catch (ProcessLauncher.SpawnException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      // A launcher bug must not abort the restore of every other instance.
      return "adopting failed: " + e;
    }
    mi.startTicks = startTicks;
    watch(mi, process);
    apply(mi, new Input.Adopted(pid, startedAt));
    return null;
  }

  /** What {@link #reinstate} did. */
  enum Reinstated {
    ADOPTED,
    STARTED,
    LEFT_STOPPED
  }

  /**
   * Brings one restored (STOPPED) instance back as its saved record says: adopts its process if it
   * still runs (and finishes stopping it if it was being stopped), else starts it again when it was
   * wanted up, else leaves it stopped.
   */
  Reinstated reinstate(ManagedInstance mi, StateExport.Instance saved) {
    if (saved.pid() > 0) {
      Instant startedAt = saved.startedAt() != null ? saved.startedAt() : clock.instant();
      if (adopt(mi, saved.pid(), saved.startTicks(), startedAt) == null) {
        if (!saved.wantUp()) {
          // It was being stopped when the previous agent went away: finish the job.
          apply(mi, new Input.StopRequested());
        }
        return Reinstated.ADOPTED;
      }
      if (saved.wantUp()) {
        note(mi, "process " + saved.pid() + " was gone when the agent started; starting it again");
        apply(mi, new Input.RestartRequested());
        return Reinstated.STARTED;
      }
    } else if (saved.wantUp()) {
      note(mi, "was wanted up when the previous agent stopped; starting it");
      apply(mi, new Input.StartRequested());
      return Reinstated.STARTED;
    }
    return Reinstated.LEFT_STOPPED;
  }

  /** Records and publishes something that happened to an instance without changing its state. */
  void note(ManagedInstance mi, String reason) {
    mi.remember(new InstanceEvent(clock.instant(), mi.state.state(), mi.state.state(), reason));
    publish(mi, reason, false);
  }

  private void watch(ManagedInstance mi, ProcessLauncher.LaunchedProcess process) {
    long pid = process.pid();
    usage.track(pid);
    process.onExit(code -> loop.execute(() -> onExit(mi, pid, code)));
  }

  private void onExit(ManagedInstance mi, long pid, int code) {
    usage.untrack(pid);
    if (!mi.removed && mi.state.pid() == pid && mi.state.state().hasProcess()) {
      apply(mi, new Input.Exited(code));
    }
  }

  private void startTimer(ManagedInstance mi, StartTimer timer) {
    Scheduler.Cancellable old = mi.timers.remove(timer.kind());
    if (old != null) {
      old.cancel();
    }
    long gen = mi.nextTimerGeneration(timer.kind());
    mi.timers.put(
        timer.kind(), scheduler.schedule(timer.delay(), () -> onTimer(mi, timer.kind(), gen)));
  }

  private void onTimer(ManagedInstance mi, TimerKind kind, long generation) {
    if (!mi.removed && mi.isCurrentTimer(kind, generation)) {
      mi.timers.remove(kind);
      apply(mi, new Input.TimerFired(kind));
    }
  }
}
