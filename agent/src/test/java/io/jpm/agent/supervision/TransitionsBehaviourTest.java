package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state machine's actions, counters and reasons for the transitions that matter most. */
class TransitionsBehaviourTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static InstancePolicy policy(RestartPolicy restart) {
    return new InstancePolicy(restart, Duration.ofMillis(1600), "TERM", null);
  }

  private static RestartPolicy restart(int maxRestarts, Duration delay, Duration expBackoff) {
    return new RestartPolicy(true, maxRestarts, Duration.ofSeconds(1), delay, expBackoff, Set.of());
  }

  private static InstanceState running(long pid) {
    return InstanceState.initial().in(ProcessState.RUNNING).wanting(true).withProcess(pid, T0);
  }

  @Test
  void next_startWhileStopped_spawnsAndWantsUp() {
    Decision d =
        Transitions.next(
            InstanceState.initial(), new Input.StartRequested(), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.next().wantUp()).isTrue();
    assertThat(d.actions()).containsExactly(new Spawn());
  }

  @Test
  void next_spawnedWithoutReadinessCheck_isRunningWithPid() {
    InstanceState starting = InstanceState.initial().in(ProcessState.STARTING).wanting(true);
    Decision d = Transitions.next(starting, new Input.Spawned(7), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.RUNNING);
    assertThat(d.next().pid()).isEqualTo(7);
    assertThat(d.next().startedAt()).isEqualTo(T0);
  }

  @Test
  void next_spawnedWithoutReadinessCheck_isRouted() {
    InstanceState starting = InstanceState.initial().in(ProcessState.STARTING).wanting(true);
    Decision d = Transitions.next(starting, new Input.Spawned(7), InstancePolicy.defaults(), T0);
    assertThat(d.actions()).containsExactly(new Route(7));
  }

  @Test
  void next_spawnedWithReadinessCheck_staysStartingProbingUnderReadyTimer() {
    InstanceState starting = InstanceState.initial().in(ProcessState.STARTING).wanting(true);
    Decision d = Transitions.next(starting, new Input.Spawned(7), checked(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.actions())
        .containsExactly(new StartTimer(TimerKind.READY, Duration.ofSeconds(3)), new Probe());
    Decision ready = Transitions.next(d.next(), new Input.ReadySignalled(), checked(), T0);
    assertThat(ready.next().state()).isEqualTo(ProcessState.RUNNING);
    assertThat(ready.actions())
        .containsExactly(new CancelTimer(TimerKind.READY), new StopProbe(), new Route(7));
  }

  @Test
  void next_readyTimeout_killsAndStaysStarting() {
    InstanceState starting =
        InstanceState.initial().in(ProcessState.STARTING).wanting(true).withProcess(7, T0);
    Decision d = Transitions.next(starting, new Input.TimerFired(TimerKind.READY), checked(), T0);
    assertThat(d.next()).isEqualTo(starting);
    assertThat(d.actions()).containsExactly(new StopProbe(), new Signal("KILL"));
    assertThat(d.reason()).contains("not ready within 3s (listen_timeout)");
  }

  @Test
  void next_exitAfterReadyTimeout_isAnUnstableExitJudgedByThePolicy() {
    InstanceState starting =
        InstanceState.initial().in(ProcessState.STARTING).wanting(true).withProcess(7, T0);
    Decision d =
        Transitions.next(starting, new Input.Exited(128 + 9), checked(), T0.plusSeconds(3));
    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.next().unstableRestarts()).isEqualTo(1);
    assertThat(d.next().restarts()).isEqualTo(1);
    assertThat(d.reason()).contains("before it was ready").contains("restarting now");
    assertThat(d.actions())
        .containsExactly(
            new CancelTimer(TimerKind.READY), new StopProbe(), new KillGroup(7), new Spawn());
  }

  @Test
  void next_stopWhileStartingWithCheck_endsTheReadyWait() {
    InstanceState starting =
        InstanceState.initial().in(ProcessState.STARTING).wanting(true).withProcess(7, T0);
    Decision d = Transitions.next(starting, new Input.StopRequested(), checked(), T0);
    assertThat(d.actions())
        .containsExactly(
            new CancelTimer(TimerKind.READY),
            new StopProbe(),
            new Signal("TERM"),
            new StartTimer(TimerKind.KILL, Duration.ofSeconds(1)));
  }

  @Test
  void next_stopOrExitWhileRunning_takesTheProcessOutOfRotationFirst() {
    Decision stop =
        Transitions.next(running(5), new Input.StopRequested(), InstancePolicy.defaults(), T0);
    assertThat(stop.actions().get(0)).isEqualTo(new Unroute(5));
    Decision exit =
        Transitions.next(
            running(5), new Input.Exited(1), InstancePolicy.defaults(), T0.plusSeconds(60));
    assertThat(exit.actions()).startsWith(new Unroute(5), new KillGroup(5));
  }

  private static InstancePolicy checked() {
    return new InstancePolicy(
        RestartPolicy.defaults(), Duration.ofSeconds(1), "TERM", Duration.ofSeconds(3));
  }

  @Test
  void next_stableExitWhileRunning_restartsAtOnceAndKillsLeftovers() {
    Decision d =
        Transitions.next(
            running(9), new Input.Exited(1), InstancePolicy.defaults(), T0.plusSeconds(10));
    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.next().restarts()).isEqualTo(1);
    assertThat(d.next().unstableRestarts()).isZero();
    assertThat(d.next().lastExitCode()).isEqualTo(1);
    assertThat(d.actions()).containsExactly(new Unroute(9), new KillGroup(9), new Spawn());
    assertThat(d.reason()).contains("exited with code 1 after 10s").contains("restarting now");
  }

  @Test
  void next_unstableExits_giveUpAtMaxRestarts() {
    InstancePolicy p = policy(restart(3, Duration.ZERO, null));
    InstanceState s = running(1);
    for (int i = 1; i <= 2; i++) {
      Decision d = Transitions.next(s, new Input.Exited(2), p, T0.plusMillis(100));
      assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
      assertThat(d.next().consecutiveUnstable()).isEqualTo(i);
      s = d.next().in(ProcessState.RUNNING).withProcess(1 + i, T0);
    }
    Decision last = Transitions.next(s, new Input.Exited(2), p, T0.plusMillis(100));
    assertThat(last.next().state()).isEqualTo(ProcessState.FATAL);
    assertThat(last.next().unstableRestarts()).isEqualTo(3);
    assertThat(last.reason()).contains("3/3 in a row").contains("max_restarts reached");
    assertThat(last.actions()).containsExactly(new Unroute(3), new KillGroup(3));
  }

  @Test
  void next_stableExitAfterUnstableOnes_resetsTheCrashLoopCount() {
    InstanceState s = running(1).judged(true, Duration.ZERO).judged(true, Duration.ZERO);
    Decision d =
        Transitions.next(s, new Input.Exited(1), InstancePolicy.defaults(), T0.plusSeconds(2));
    assertThat(d.next().consecutiveUnstable()).isZero();
    assertThat(d.next().unstableRestarts()).isEqualTo(2);
  }

  @Test
  void next_exitWithRestartDelay_waitsInBackoff() {
    InstancePolicy p = policy(restart(16, Duration.ofMillis(500), null));
    Decision d = Transitions.next(running(5), new Input.Exited(1), p, T0.plusSeconds(3));
    assertThat(d.next().state()).isEqualTo(ProcessState.BACKOFF);
    assertThat(d.actions())
        .containsExactly(
            new Unroute(5),
            new KillGroup(5),
            new StartTimer(TimerKind.BACKOFF, Duration.ofMillis(500)));
    Decision fired =
        Transitions.next(d.next(), new Input.TimerFired(TimerKind.BACKOFF), p, T0.plusSeconds(4));
    assertThat(fired.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(fired.next().restarts()).isEqualTo(1);
    assertThat(fired.actions()).containsExactly(new Spawn());
  }

  @Test
  void next_autorestartOff_leavesItExited() {
    RestartPolicy r =
        new RestartPolicy(false, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of());
    Decision d = Transitions.next(running(5), new Input.Exited(0), policy(r), T0.plusSeconds(3));
    assertThat(d.next().state()).isEqualTo(ProcessState.EXITED);
    assertThat(d.next().wantUp()).isFalse();
    assertThat(d.reason()).contains("autorestart is off");
  }

  @Test
  void next_stopExitCode_leavesItExited() {
    RestartPolicy r =
        new RestartPolicy(true, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of(3));
    Decision d = Transitions.next(running(5), new Input.Exited(3), policy(r), T0.plusSeconds(3));
    assertThat(d.next().state()).isEqualTo(ProcessState.EXITED);
    assertThat(d.reason()).contains("stop_exit_codes");
  }

  @Test
  void next_stopWhileRunning_signalsAndArmsKillTimer() {
    Decision d =
        Transitions.next(running(5), new Input.StopRequested(), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.STOPPING);
    assertThat(d.next().wantUp()).isFalse();
    assertThat(d.actions())
        .containsExactly(
            new Unroute(5),
            new Signal("TERM"),
            new StartTimer(TimerKind.KILL, Duration.ofMillis(1600)));
  }

  @Test
  void next_killTimeoutWhileStopping_sendsSigkill() {
    InstanceState stopping = running(5).in(ProcessState.STOPPING).wanting(false);
    Decision d =
        Transitions.next(
            stopping, new Input.TimerFired(TimerKind.KILL), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.STOPPING);
    assertThat(d.actions()).containsExactly(new Signal("KILL"));
    assertThat(d.reason()).contains("kill_timeout");
  }

  @Test
  void next_exitWhileStoppingForRestart_spawnsAgain() {
    InstanceState stopping = running(5).in(ProcessState.STOPPING).wanting(true);
    Decision d = Transitions.next(stopping, new Input.Exited(143), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.next().restarts()).isEqualTo(1);
    assertThat(d.actions())
        .containsExactly(new CancelTimer(TimerKind.KILL), new KillGroup(5), new Spawn());
    assertThat(d.reason()).contains("signal 15 (SIGTERM)");
  }

  @Test
  void next_startWhileFatal_forgivesTheCrashLoop() {
    InstanceState fatal =
        InstanceState.initial().judged(true, Duration.ofSeconds(2)).in(ProcessState.FATAL);
    Decision d = Transitions.next(fatal, new Input.StartRequested(), InstancePolicy.defaults(), T0);
    assertThat(d.next().consecutiveUnstable()).isZero();
    assertThat(d.next().lastDelay()).isZero();
    assertThat(d.next().unstableRestarts()).isEqualTo(1);
  }

  @Test
  void next_spawnFailed_isFatalWithReason() {
    InstanceState starting = InstanceState.initial().in(ProcessState.STARTING).wanting(true);
    Decision d =
        Transitions.next(
            starting, new Input.SpawnFailed("script not found"), InstancePolicy.defaults(), T0);
    assertThat(d.next().state()).isEqualTo(ProcessState.FATAL);
    assertThat(d.reason()).isEqualTo("could not start: script not found");
  }

  @Test
  void next_wrongTimerKind_throwsNamingTheState() {
    assertThatThrownBy(
            () ->
                Transitions.next(
                    running(5).in(ProcessState.STOPPING),
                    new Input.TimerFired(TimerKind.BACKOFF),
                    InstancePolicy.defaults(),
                    T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOPPING");
  }

  @Test
  void next_adoptedWhileStopped_isRunningWithItsPidStartAndCounters() {
    InstanceState restored =
        new InstanceState(ProcessState.STOPPED, true, 0, null, 4, 2, 0, 137, Duration.ZERO);
    Instant started = T0.minusSeconds(3600);

    Decision d =
        Transitions.next(restored, new Input.Adopted(321, started), InstancePolicy.defaults(), T0);

    assertThat(d.next().state()).isEqualTo(ProcessState.RUNNING);
    assertThat(d.next().pid()).isEqualTo(321);
    assertThat(d.next().startedAt()).isEqualTo(started);
    assertThat(d.next().wantUp()).isTrue();
    assertThat(d.next().restarts()).isEqualTo(4);
    assertThat(d.next().unstableRestarts()).isEqualTo(2);
    assertThat(d.actions()).containsExactly(new Route(321));
    assertThat(d.reason()).isEqualTo("adopted from the previous agent (pid 321)");
  }

  @Test
  void next_exitOfAnAdoptedProcessWithUnknownStatus_isRestartedByPolicy() {
    InstanceState adopted =
        Transitions.next(
                InstanceState.initial(), new Input.Adopted(321, T0), InstancePolicy.defaults(), T0)
            .next();

    Decision d =
        Transitions.next(
            adopted,
            new Input.Exited(Input.Exited.UNKNOWN),
            InstancePolicy.defaults(),
            T0.plusSeconds(60));

    assertThat(d.next().state()).isEqualTo(ProcessState.STARTING);
    assertThat(d.next().restarts()).isEqualTo(1);
    assertThat(d.actions()).containsExactly(new Unroute(321), new KillGroup(321), new Spawn());
  }

  @Test
  void next_adoptedWhileExited_throwsNamingTheState() {
    assertThatThrownBy(
            () ->
                Transitions.next(
                    InstanceState.initial().in(ProcessState.EXITED),
                    new Input.Adopted(9, T0),
                    InstancePolicy.defaults(),
                    T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EXITED");
  }
}
