package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.FakeClock;
import io.jpm.agent.testing.FakeLauncher;
import io.jpm.agent.testing.ManualScheduler;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.TestApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Export, restore at agent start (re-adoption) and resurrect, against fake processes. */
class SupervisorRestoreTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler timers = new ManualScheduler(clock);

  /** The agent that ran before: its own launcher, whose processes outlive it. */
  private final FakeLauncher oldLauncher = new FakeLauncher();

  private final Supervisor old = supervisor(oldLauncher, new RecordingEventSink());

  /** The agent that starts next: a fresh launcher that sees only the orphans a test leaves. */
  private final FakeLauncher launcher = new FakeLauncher(5000);

  private final RecordingEventSink events = new RecordingEventSink();
  private final Supervisor next = supervisor(launcher, events);

  private Supervisor supervisor(FakeLauncher l, RecordingEventSink sink) {
    return new Supervisor(l, timers, sink, UsageMeter.none(), clock, Runnable::run);
  }

  private static <T> T done(CompletableFuture<T> f) {
    assertThat(f).isDone();
    return f.join();
  }

  private static InstanceSnapshot only(Supervisor s, int id) {
    return s.list(List.of(Integer.toString(id))).get(0);
  }

  /** Leaves every process of the old agent running for the next one to find. */
  private void leaveOrphansOf(StateExport saved) {
    for (StateExport.App app : saved.apps()) {
      for (StateExport.Instance i : app.instances()) {
        if (i.pid() > 0) {
          launcher.leaveOrphan(i.pid(), app.spec().name());
        }
      }
    }
  }

  @Test
  void export_afterStartCrashAndStop_holdsSpecsDesiredStateProcessesAndCounters() {
    done(old.start(List.of(TestApp.named("web").instances(2).build())));
    clock.advance(Duration.ofSeconds(5));
    long crashed = only(old, 0).pid();
    oldLauncher.process(crashed).exit(1);
    done(old.stop(List.of("1")));

    StateExport saved = old.export();

    assertThat(saved.nextId()).isEqualTo(2);
    assertThat(saved.apps()).extracting(a -> a.spec().name()).containsExactly("web");
    StateExport.Instance zero = saved.apps().get(0).instances().get(0);
    StateExport.Instance one = saved.apps().get(0).instances().get(1);
    long pid = only(old, 0).pid();
    assertThat(zero.pid()).isEqualTo(pid).isNotEqualTo(crashed);
    assertThat(zero.startTicks()).isEqualTo(pid * 10);
    assertThat(zero.wantUp()).isTrue();
    assertThat(zero.restarts()).isEqualTo(1);
    assertThat(zero.lastExitCode()).isEqualTo(1);
    assertThat(zero.startedAt()).isEqualTo(clock.instant());
    assertThat(one.wantUp()).isFalse();
    assertThat(one.pid()).isZero();
    assertThat(one.startedAt()).isNull();
  }

  @Test
  void restore_processesStillRunning_areAdoptedWithTheirPidsAndCounters() {
    done(old.start(List.of(TestApp.named("web").instances(2).build())));
    clock.advance(Duration.ofSeconds(5));
    oldLauncher.process(only(old, 1).pid()).exit(137);
    StateExport saved = old.export();
    leaveOrphansOf(saved);
    clock.advance(Duration.ofSeconds(10));

    RestoreReport report = next.restore(saved);

    assertThat(report).isEqualTo(new RestoreReport(2, 0, 0));
    assertThat(launcher.launches()).isEmpty();
    for (int id = 0; id < 2; id++) {
      InstanceSnapshot before = only(old, id);
      InstanceSnapshot after = only(next, id);
      assertThat(after.state()).isEqualTo(ProcessState.RUNNING);
      assertThat(after.pid()).isEqualTo(before.pid());
      assertThat(after.restarts()).isEqualTo(before.restarts());
      assertThat(after.exitCode()).isEqualTo(before.exitCode());
      assertThat(after.createdAt()).isEqualTo(before.createdAt());
      assertThat(after.uptimeMillis()).isEqualTo(before.uptimeMillis()).isPositive();
    }
    assertThat(only(next, 1).restarts()).isEqualTo(1);
    assertThat(events.reasons(0)).anyMatch(r -> r.startsWith("adopted from the previous agent"));
  }

  @Test
  void restore_processGoneWhileWantedUp_isStartedAgainAndSaysWhy() {
    done(old.start(List.of(TestApp.named("web").build())));
    StateExport saved = old.export();
    long gone = saved.apps().get(0).instances().get(0).pid();

    RestoreReport report = next.restore(saved);

    assertThat(report).isEqualTo(new RestoreReport(0, 1, 0));
    InstanceSnapshot s = only(next, 0);
    assertThat(s.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(s.pid()).isNotZero();
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(launcher.launches()).hasSize(1);
    assertThat(events.reasons(0))
        .contains("process " + gone + " was gone when the agent started; starting it again");
  }

  @Test
  void restore_pidRecycledByAnotherProcess_isNotAdoptedButStartedAgain() {
    done(old.start(List.of(TestApp.named("web").build())));
    StateExport saved = old.export();
    StateExport.Instance i = saved.apps().get(0).instances().get(0);
    // Same pid, another start time: a different process now holds the pid.
    launcher.leaveOrphan(i.pid(), "someone-else");
    StateExport recycled =
        new StateExport(
            saved.nextId(),
            List.of(
                new StateExport.App(
                    saved.apps().get(0).spec(),
                    List.of(
                        new StateExport.Instance(
                            i.id(),
                            i.index(),
                            true,
                            i.pid(),
                            i.startTicks() + 1,
                            0,
                            0,
                            i.createdAt(),
                            i.startedAt(),
                            null)))));

    next.restore(recycled);

    assertThat(only(next, 0).pid()).isNotEqualTo(i.pid());
    assertThat(launcher.signals()).isEmpty();
  }

  @Test
  void restore_stoppedInstance_staysStoppedAndNothingRuns() {
    done(old.start(List.of(TestApp.named("web").build())));
    done(old.stop(List.of("web")));

    RestoreReport report = next.restore(old.export());

    assertThat(report).isEqualTo(new RestoreReport(0, 0, 1));
    assertThat(only(next, 0).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(only(next, 0).exitCode()).isEqualTo(128 + 15);
    assertThat(launcher.launches()).isEmpty();
  }

  @Test
  void restore_adoptedProcessExitsLater_isRestartedByThePolicy() {
    done(old.start(List.of(TestApp.named("web").build())));
    StateExport saved = old.export();
    leaveOrphansOf(saved);
    next.restore(saved);
    long adopted = only(next, 0).pid();
    clock.advance(Duration.ofSeconds(30));

    launcher.process(adopted).exit(Input.Exited.UNKNOWN);

    InstanceSnapshot s = only(next, 0);
    assertThat(s.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(s.pid()).isNotEqualTo(adopted);
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(launcher.signals()).contains("KILL " + adopted);
  }

  @Test
  void restore_instanceThatWasBeingStopped_isAdoptedThenStopped() {
    AppSpec spec = TestApp.named("web").build();
    Instant t0 = clock.instant();
    StateExport stopping =
        new StateExport(
            1,
            List.of(
                new StateExport.App(
                    spec,
                    List.of(new StateExport.Instance(0, 0, false, 77, 770, 0, 0, t0, t0, null)))));
    launcher.leaveOrphan(77, "web");

    next.restore(stopping);

    assertThat(launcher.signals()).containsExactly("TERM 77", "KILL 77");
    assertThat(only(next, 0).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(only(next, 0).wantUp()).isFalse();
  }

  @Test
  void restore_thenStart_newIdsContinueFromTheSavedNextId() {
    done(old.start(List.of(TestApp.named("a").instances(3).build())));
    done(old.delete(List.of("0", "1")));
    StateExport saved = old.export();
    leaveOrphansOf(saved);
    next.restore(saved);

    List<InstanceSnapshot> b = done(next.start(List.of(TestApp.named("b").build())));

    assertThat(b.get(0).id()).isEqualTo(3);
  }

  @Test
  void restore_supervisorWithApps_throws() {
    done(next.start(List.of(TestApp.named("a").build())));

    assertThatThrownBy(() -> next.restore(StateExport.empty()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void resurrect_addsOnlyMissingApps_startingWantedOnesAndCreatingStoppedOnesStopped() {
    done(old.start(List.of(TestApp.named("up").build(), TestApp.named("down").build())));
    done(old.start(List.of(TestApp.named("here").build())));
    done(old.stop(List.of("down")));
    StateExport dump = old.export();
    done(next.start(List.of(TestApp.named("here").instances(2).build())));

    List<InstanceSnapshot> added = done(next.resurrect(dump));

    assertThat(added).extracting(InstanceSnapshot::name).containsExactly("up", "down");
    assertThat(added)
        .extracting(InstanceSnapshot::state)
        .containsExactly(ProcessState.RUNNING, ProcessState.STOPPED);
    assertThat(added).extracting(InstanceSnapshot::id).containsExactly(2, 3);
    assertThat(next.list(List.of("here"))).hasSize(2);
    assertThat(launcher.launches()).extracting(r -> r.app()).containsExactly("here", "here", "up");
  }

  @Test
  void resurrect_everyAppPresent_addsNothing() {
    done(next.start(List.of(TestApp.named("a").build())));

    assertThat(done(next.resurrect(next.export()))).isEmpty();
    assertThat(next.list(List.of())).hasSize(1);
  }

  @Test
  void onChange_startResetAndExit_eachTellTheListener() {
    AtomicInteger changes = new AtomicInteger();
    next.onChange(changes::incrementAndGet);

    done(next.start(List.of(TestApp.named("a").build())));
    int afterStart = changes.get();
    next.reset(List.of("a"));
    int afterReset = changes.get();
    launcher.process(only(next, 0).pid()).exit(1);

    assertThat(afterStart).isPositive();
    assertThat(afterReset).isGreaterThan(afterStart);
    assertThat(changes.get()).isGreaterThan(afterReset);
  }
}
