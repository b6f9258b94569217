package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.FakeClock;
import io.jpm.agent.testing.FakeLauncher;
import io.jpm.agent.testing.ManualScheduler;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The supervisor's commands against a fake launcher, fake clock and manual timers. */
class SupervisorTest {
  private final FakeClock clock = new FakeClock();
  private final ManualScheduler timers = new ManualScheduler(clock);
  private final FakeLauncher launcher = new FakeLauncher();
  private final RecordingEventSink events = new RecordingEventSink();
  private final Supervisor supervisor =
      new Supervisor(launcher, timers, events, UsageMeter.none(), clock, Runnable::run);

  private static <T> T done(CompletableFuture<T> f) {
    assertThat(f).isDone();
    return f.join();
  }

  private long pidOf(int id) {
    return supervisor.list(List.of(Integer.toString(id))).get(0).pid();
  }

  @Test
  void start_threeInstances_allRunningWithTheirIndexInEnv() {
    List<InstanceSnapshot> out =
        done(supervisor.start(List.of(TestApp.named("web").instances(3).build())));
    assertThat(out).extracting(InstanceSnapshot::state).containsOnly(ProcessState.RUNNING);
    assertThat(out).extracting(InstanceSnapshot::index).containsExactly(0, 1, 2);
    assertThat(launcher.launches())
        .extracting(r -> r.env().get("JPM_INSTANCE"))
        .containsExactly("0", "1", "2");
    assertThat(launcher.launches().get(0).env()).doesNotContainKey("NODE_APP_INSTANCE");
  }

  @Test
  void start_nodeApp_alsoGetsNodeAppInstance() {
    AppSpec node =
        new AppSpec(
            "api",
            "default",
            "/srv/api.js",
            List.of(),
            null,
            List.of(),
            java.nio.file.Path.of("/srv"),
            java.util.Map.of(),
            1,
            InstancePolicy.defaults(),
            0);
    done(supervisor.start(List.of(node)));
    assertThat(launcher.launches().get(0).argv()).containsExactly("node", "/srv/api.js");
    assertThat(launcher.launches().get(0).env()).containsEntry("NODE_APP_INSTANCE", "0");
  }

  @Test
  void start_existingName_rejectedAndNothingStarts() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    assertThatThrownBy(
            () ->
                supervisor.start(
                    List.of(TestApp.named("new").build(), TestApp.named("web").build())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("'web' already exists");
    assertThat(supervisor.list(List.of())).hasSize(1);
  }

  @Test
  void start_invalidSpec_namesAppAndKey() {
    assertThatThrownBy(() -> supervisor.start(List.of(TestApp.named("x").instances(0).build())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'x': instances");
  }

  @Test
  void start_spawnFails_futureFailsWithReasonAndInstanceIsErrored() {
    launcher.failToSpawn("bad");
    CompletableFuture<List<InstanceSnapshot>> f =
        supervisor.start(List.of(TestApp.named("bad").build()));
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("could not start: script not found");
    assertThat(supervisor.list(List.of()).get(0).state()).isEqualTo(ProcessState.FATAL);
  }

  @Test
  void crash_stableProcess_isReplacedAndCounted() {
    done(supervisor.start(List.of(TestApp.named("web").instances(2).build())));
    long old = pidOf(0);
    clock.advance(Duration.ofSeconds(5));
    launcher.process(old).exit(137);
    InstanceSnapshot s = supervisor.list(List.of("0")).get(0);
    assertThat(s.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(s.pid()).isNotEqualTo(old);
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(s.exitCode()).isEqualTo(137);
    assertThat(supervisor.list(List.of("1")).get(0).restarts()).isZero();
    assertThat(launcher.signals()).contains("KILL " + old);
    assertThat(events.reasons(0)).anyMatch(r -> r.contains("signal 9 (SIGKILL)"));
  }

  @Test
  void crashLoop_endsErroredAfterMaxRestartsLaunches() {
    done(supervisor.start(List.of(TestApp.named("loop").maxRestarts(4).build())));
    for (int i = 0;
        i < 10 && supervisor.list(List.of()).get(0).state() != ProcessState.FATAL;
        i++) {
      clock.advance(Duration.ofMillis(50));
      launcher.process(pidOf(0)).exit(1);
    }
    InstanceSnapshot s = supervisor.list(List.of()).get(0);
    assertThat(s.state()).isEqualTo(ProcessState.FATAL);
    assertThat(launcher.launches()).hasSize(4);
    assertThat(s.unstableRestarts()).isEqualTo(4);
    assertThat(events.reasons(0).get(events.reasons(0).size() - 1)).contains("max_restarts");
  }

  @Test
  void stop_processIgnoringTerm_isKilledAfterKillTimeout() {
    launcher.ignoreTerm("stubborn");
    done(
        supervisor.start(
            List.of(TestApp.named("stubborn").killTimeout(Duration.ofMillis(300)).build())));
    long pid = pidOf(0);
    CompletableFuture<List<InstanceSnapshot>> stopped = supervisor.stop(List.of("stubborn"));
    assertThat(stopped).isNotDone();
    timers.advance(Duration.ofMillis(299));
    assertThat(stopped).isNotDone();
    timers.advance(Duration.ofMillis(1));
    InstanceSnapshot s = done(stopped).get(0);
    assertThat(s.state()).isEqualTo(ProcessState.STOPPED);
    assertThat(s.exitCode()).isEqualTo(137);
    assertThat(launcher.signals()).containsSubsequence("TERM " + pid, "KILL " + pid);
  }

  @Test
  void restart_givesNewPidsAndCountsRestarts() {
    done(supervisor.start(List.of(TestApp.named("web").instances(2).build())));
    long old = pidOf(0);
    List<InstanceSnapshot> out = done(supervisor.restart(List.of("web")));
    assertThat(out).extracting(InstanceSnapshot::state).containsOnly(ProcessState.RUNNING);
    assertThat(out.get(0).pid()).isNotEqualTo(old);
    assertThat(out).extracting(InstanceSnapshot::restarts).containsOnly(1);
  }

  @Test
  void restart_stoppedInstance_startsIt() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    done(supervisor.stop(List.of("web")));
    assertThat(done(supervisor.restart(List.of("0"))).get(0).state())
        .isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void delete_stopsAndForgetsAndPublishesDeletion() {
    done(supervisor.start(List.of(TestApp.named("web").instances(2).build())));
    List<InstanceSnapshot> gone = done(supervisor.delete(List.of("web")));
    assertThat(gone).hasSize(2);
    assertThat(supervisor.list(List.of())).isEmpty();
    assertThat(launcher.liveCount()).isZero();
    assertThat(events.changes()).filteredOn(c -> c.deleted()).hasSize(2);
    done(supervisor.start(List.of(TestApp.named("web").build())));
  }

  @Test
  void scale_upAndDown_keepsLowestIndexes() {
    done(supervisor.start(List.of(TestApp.named("web").instances(2).build())));
    assertThat(done(supervisor.scale("web", 2, true))).hasSize(4);
    List<InstanceSnapshot> down = done(supervisor.scale("web", 1, false));
    assertThat(down).extracting(InstanceSnapshot::index).containsExactly(0);
    assertThat(launcher.liveCount()).isEqualTo(1);
    assertThatThrownBy(() -> supervisor.scale("web", -1, true))
        .hasMessageContaining("cannot scale");
  }

  @Test
  void scale_stoppedApp_addsStoppedInstances() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    done(supervisor.stop(List.of("web")));
    List<InstanceSnapshot> out = done(supervisor.scale("web", 3, false));
    assertThat(out).extracting(InstanceSnapshot::state).containsOnly(ProcessState.STOPPED);
  }

  @Test
  void signal_sendsToRunningGroupsOnly() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    long pid = pidOf(0);
    supervisor.signal("sigusr2", List.of("web"));
    assertThat(launcher.signals()).contains("USR2 " + pid);
    assertThatThrownBy(() -> supervisor.signal("NOPE", List.of("web")))
        .hasMessageContaining("unknown signal");
    done(supervisor.stop(List.of("web")));
    assertThatThrownBy(() -> supervisor.signal("HUP", List.of("web")))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("nothing to signal");
  }

  @Test
  void reset_zeroesCounters() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    done(supervisor.restart(List.of("web")));
    assertThat(supervisor.reset(List.of("all")).get(0).restarts()).isZero();
  }

  @Test
  void commands_unknownTarget_failWithoutActing() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    assertThatThrownBy(() -> supervisor.stop(List.of("web", "nope")))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("'nope'");
    assertThat(supervisor.list(List.of()).get(0).state()).isEqualTo(ProcessState.RUNNING);
  }

  @Test
  void shutdown_stopsEverythingAndRefusesCommands() {
    done(
        supervisor.start(
            List.of(TestApp.named("a").instances(2).build(), TestApp.named("b").build())));
    assertThat(done(supervisor.shutdown())).isEqualTo(3);
    assertThat(launcher.liveCount()).isZero();
    assertThatThrownBy(() -> supervisor.start(List.of(TestApp.named("c").build())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("shutting down");
  }

  @Test
  void staleExit_ofAReplacedProcess_isIgnored() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    FakeLauncher.FakeProcess first = launcher.process(pidOf(0));
    done(supervisor.restart(List.of("web")));
    first.exit(0);
    assertThat(supervisor.list(List.of()).get(0).restarts()).isEqualTo(1);
  }

  @Test
  void describe_keepsHistoryWithReasons() {
    done(supervisor.start(List.of(TestApp.named("web").build())));
    clock.advance(Duration.ofSeconds(2));
    launcher.process(pidOf(0)).exit(3);
    InstanceDetail d = supervisor.describe(List.of("web")).get(0);
    assertThat(d.events())
        .extracting(InstanceEvent::reason)
        .anyMatch(r -> r.startsWith("exited with code 3 after 2s"));
    assertThat(d.argv()).containsExactly("sh", "-c", "sleep 300");
  }
}
