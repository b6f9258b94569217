package io.jpm.agent.supervision;

import static io.jpm.agent.supervision.ProcessState.BACKOFF;
import static io.jpm.agent.supervision.ProcessState.EXITED;
import static io.jpm.agent.supervision.ProcessState.FATAL;
import static io.jpm.agent.supervision.ProcessState.RUNNING;
import static io.jpm.agent.supervision.ProcessState.STARTING;
import static io.jpm.agent.supervision.ProcessState.STOPPED;
import static io.jpm.agent.supervision.ProcessState.STOPPING;

import io.jpm.agent.supervision.Action.CancelTimer;
import io.jpm.agent.supervision.Action.KillGroup;
import io.jpm.agent.supervision.Action.Probe;
import io.jpm.agent.supervision.Action.Route;
import io.jpm.agent.supervision.Action.Signal;
import io.jpm.agent.supervision.Action.Spawn;
import io.jpm.agent.supervision.Action.StartTimer;
import io.jpm.agent.supervision.Action.StopProbe;
import io.jpm.agent.supervision.Action.Unroute;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The instance state machine: one pure function from (record, input) to a {@link Decision}.
 *
 * <pre>
 *                 start                     spawned (no readiness check) / ready
 *   STOPPED ─────────────────▶ STARTING ─────────────────────────────────▶ RUNNING
 *      ▲                        │  ▲  │ exit (always unstable)              │ │ exit
 *      │ stop                   │  │  ▼                                     │ │
 *      │◀───────── BACKOFF ◀────┼──┼──────── restart policy: RESTART ◀───────┘ │
 *      │             │ delay    │  │                                         │
 *      │             └──────────┼─▶┘ (spawn)                                 │
 *      │                        │ spawn failed / crash loop                  │
 *      │                        ▼                                            ▼
 *      │                      FATAL ◀──── restart policy: GIVE_UP ──── (exit judged)
 *      │                                                                     │
 *      │ exit (not wanted up)          restart policy: STAY_DOWN             ▼
 *   STOPPING ◀── stop / restart ── STARTING, RUNNING                       EXITED
 *      │ exit while wanted up (restart) ──▶ STARTING
 *      │ kill_timeout ──▶ SIGKILL, stay STOPPING
 *
 *   STARTING ── not ready within listen_timeout ──▶ SIGKILL, stay STARTING (its exit is judged)
 *   STOPPED ── adopted (agent start: the previous agent's process still runs) ──▶ RUNNING
 * </pre>
 *
 * <p>Start or restart requests leave FATAL, EXITED and STOPPED for STARTING; stop requests take
 * them to STOPPED. With a readiness check (policy readyTimeout set), a spawned instance stays
 * STARTING while its check is probed (Probe) under the READY timer; when the timer fires first, the
 * process is killed and its exit, judged by the restart policy, is an unstable one (a failed
 * start). An instance is in its app's rotation (Route) exactly while RUNNING. Adopted happens only
 * to a freshly restored STOPPED record with no pid; a later exit of an adopted process (status
 * unknown) goes through the restart policy like any other. docs/architecture.md repeats this graph
 * with the full table; the exhaustive test in TransitionsTest checks every (state, input) pair.
 * Inputs that cannot happen (an exit with no process, a timer that is not running) throw, naming
 * the state; user requests never throw.
 */
public final class Transitions {
  private Transitions() {}

  /** Decides the next record and side effects for one input. Pure: no I/O, no clock reads. */
  public static Decision next(InstanceState s, Input input, InstancePolicy p, Instant now) {
    return switch (s.state()) {
      case STOPPED, EXITED, FATAL -> whileDown(s, input);
      case STARTING -> whileStarting(s, input, p, now);
      case RUNNING -> whileRunning(s, input, p, now);
      case BACKOFF -> whileBackoff(s, input);
      case STOPPING -> whileStopping(s, input);
    };
  }

  private static Decision whileDown(InstanceState s, Input input) {
    return switch (input.type()) {
      case START_REQUESTED -> spawn(s.forgiven(), "started");
      case RESTART_REQUESTED -> spawn(s.forgiven().countRestart(), "restarted");
      case STOP_REQUESTED ->
          s.state() == STOPPED && !s.wantUp()
              ? Decision.ignore(s)
              : Decision.to(s.in(STOPPED).wanting(false), "stopped");
      case ADOPTED ->
          s.state() == STOPPED && s.pid() == 0
              ? adopted(s, (Input.Adopted) input)
              : impossible(s, input);
      case SPAWNED, SPAWN_FAILED, EXITED, READY_SIGNALLED, TIMER_FIRED -> impossible(s, input);
    };
  }

  private static Decision adopted(InstanceState s, Input.Adopted a) {
    return Decision.to(
        s.withProcess(a.pid(), a.startedAt()).in(RUNNING).wanting(true),
        "adopted from the previous agent (pid " + a.pid() + ")",
        new Route(a.pid()));
  }

  private static Decision whileStarting(
      InstanceState s, Input input, InstancePolicy p, Instant now) {
    return switch (input.type()) {
      case SPAWNED -> onSpawned(s, (Input.Spawned) input, p, now);
      case SPAWN_FAILED ->
          Decision.to(
              s.in(FATAL).exited(127), "could not start: " + ((Input.SpawnFailed) input).reason());
      case EXITED -> onExit(s, (Input.Exited) input, p, now, true, endReadyWait(p));
      case READY_SIGNALLED ->
          Decision.to(s.in(RUNNING), "ready", join(endReadyWait(p), new Route(s.pid())));
      case TIMER_FIRED -> onReadyTimeout(s, (Input.TimerFired) input, p);
      case STOP_REQUESTED -> stop(s.wanting(false), p, "stopping", endReadyWait(p));
      case RESTART_REQUESTED -> stop(s.wanting(true), p, "restarting", endReadyWait(p));
      case START_REQUESTED -> Decision.ignore(s.wanting(true));
      case ADOPTED -> impossible(s, input);
    };
  }

  private static Decision whileRunning(
      InstanceState s, Input input, InstancePolicy p, Instant now) {
    return switch (input.type()) {
      case EXITED -> onExit(s, (Input.Exited) input, p, now, false, new Unroute(s.pid()));
      case STOP_REQUESTED -> stop(s.wanting(false), p, "stopping", new Unroute(s.pid()));
      case RESTART_REQUESTED -> stop(s.wanting(true), p, "restarting", new Unroute(s.pid()));
      case START_REQUESTED, READY_SIGNALLED -> Decision.ignore(s);
      case SPAWNED, SPAWN_FAILED, TIMER_FIRED, ADOPTED -> impossible(s, input);
    };
  }

  private static Decision whileBackoff(InstanceState s, Input input) {
    return switch (input.type()) {
      case TIMER_FIRED ->
          ((Input.TimerFired) input).kind() == TimerKind.BACKOFF
              ? spawn(s.countRestart(), "restart delay elapsed")
              : impossible(s, input);
      case START_REQUESTED, RESTART_REQUESTED ->
          spawn(s.countRestart(), "restarted by request", new CancelTimer(TimerKind.BACKOFF));
      case STOP_REQUESTED ->
          Decision.to(s.in(STOPPED).wanting(false), "stopped", new CancelTimer(TimerKind.BACKOFF));
      case SPAWNED, SPAWN_FAILED, EXITED, READY_SIGNALLED, ADOPTED -> impossible(s, input);
    };
  }

  private static Decision whileStopping(InstanceState s, Input input) {
    return switch (input.type()) {
      case EXITED -> onExitWhileStopping(s, (Input.Exited) input);
      case TIMER_FIRED ->
          ((Input.TimerFired) input).kind() == TimerKind.KILL
              ? Decision.to(s, "did not exit within kill_timeout; sent SIGKILL", new Signal("KILL"))
              : impossible(s, input);
      case STOP_REQUESTED -> Decision.ignore(s.wanting(false));
      case START_REQUESTED, RESTART_REQUESTED -> Decision.ignore(s.wanting(true));
      case READY_SIGNALLED -> Decision.ignore(s);
      case SPAWNED, SPAWN_FAILED, ADOPTED -> impossible(s, input);
    };
  }

  private static Decision onSpawned(
      InstanceState s, Input.Spawned spawned, InstancePolicy p, Instant now) {
    InstanceState live = s.withProcess(spawned.pid(), now);
    if (p.readyTimeout() == null) {
      return Decision.to(
          live.in(RUNNING), "online (pid " + spawned.pid() + ")", new Route(spawned.pid()));
    }
    return Decision.to(
        live,
        "spawned (pid " + spawned.pid() + "), waiting until ready",
        new StartTimer(TimerKind.READY, p.readyTimeout()),
        new Probe());
  }

  private static Decision onReadyTimeout(
      InstanceState s, Input.TimerFired timer, InstancePolicy p) {
    if (timer.kind() != TimerKind.READY || p.readyTimeout() == null) {
      return impossible(s, timer);
    }
    // A failed start: the exit that follows is judged like any exit before ready (unstable).
    return Decision.to(
        s,
        "not ready within "
            + Durations.format(p.readyTimeout())
            + " (listen_timeout); killing it (SIGKILL)",
        new StopProbe(),
        new Signal("KILL"));
  }

  private static Decision onExit(
      InstanceState s,
      Input.Exited exit,
      InstancePolicy p,
      Instant now,
      boolean beforeReady,
      Action... first) {
    Duration uptime = Duration.between(s.startedAt(), now);
    RestartDecision d =
        p.restart().onExit(exit, uptime, beforeReady, s.consecutiveUnstable(), s.lastDelay());
    InstanceState judged = s.exited(exit.exitCode()).judged(d.unstable(), d.delay());
    Action[] cleanUp = join(first, new KillGroup(s.pid()));
    return switch (d.verdict()) {
      case RESTART ->
          d.delay().isZero()
              ? spawn(judged.countRestart(), d.reason(), cleanUp)
              : Decision.to(
                  judged.in(BACKOFF),
                  d.reason(),
                  join(cleanUp, new StartTimer(TimerKind.BACKOFF, d.delay())));
      case STAY_DOWN -> Decision.to(judged.in(EXITED).wanting(false), d.reason(), cleanUp);
      case GIVE_UP -> Decision.to(judged.in(FATAL), d.reason(), cleanUp);
    };
  }

  private static Decision onExitWhileStopping(InstanceState s, Input.Exited exit) {
    InstanceState gone = s.exited(exit.exitCode());
    KillGroup leftovers = new KillGroup(s.pid());
    CancelTimer noKill = new CancelTimer(TimerKind.KILL);
    String how = "exited with " + exit.describe();
    if (s.wantUp()) {
      return spawn(gone.countRestart(), how + "; starting again", noKill, leftovers);
    }
    return Decision.to(gone.in(STOPPED), how + "; stopped", noKill, leftovers);
  }

  private static Decision spawn(InstanceState s, String reason, Action... before) {
    return Decision.to(s.in(STARTING).wanting(true), reason, join(before, new Spawn()));
  }

  private static Decision stop(InstanceState s, InstancePolicy p, String reason, Action... before) {
    return Decision.to(
        s.in(STOPPING),
        reason + " (SIG" + p.stopSignal() + ", pid " + s.pid() + ")",
        join(before, new Signal(p.stopSignal()), new StartTimer(TimerKind.KILL, p.killTimeout())));
  }

  /** Ends the wait for readiness (its timer and probe); nothing when the app has no check. */
  private static Action[] endReadyWait(InstancePolicy p) {
    return p.readyTimeout() == null
        ? new Action[0]
        : new Action[] {new CancelTimer(TimerKind.READY), new StopProbe()};
  }

  private static Action[] join(Action[] first, Action... then) {
    List<Action> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(then));
    return all.toArray(new Action[0]);
  }

  private static Decision impossible(InstanceState s, Input input) {
    throw new IllegalStateException(input.type() + " in " + s.state() + " (pid " + s.pid() + ")");
  }
}
