package io.jpm.agent.supervision;

import static io.jpm.agent.supervision.ServingRig.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** `reload`: start-new-then-stop-old per instance, with rollback, against fakes. */
class SupervisorReloadTest {
  private final ServingRig rig = new ServingRig();
  private final Supervisor supervisor = rig.supervisor;

  private CompletableFuture<ReloadResult> reload(String target, int parallel) {
    return supervisor.reload(List.of(target), SpecChanges.NONE, parallel);
  }

  private long running() {
    return supervisor.list(List.of()).stream()
        .filter(s -> s.state() == ProcessState.RUNNING)
        .count();
  }

  @Test
  void reload_happyPath_spawnsWaitsReadyAddsRemovesOldThenStopsIt() {
    rig.startReady(TestApp.named("web").port(8080).build());

    CompletableFuture<ReloadResult> f = reload("web", 1);

    assertThat(rig.journal).containsExactly("spawn 1001", "probe 1001");
    assertThat(rig.instance(0).pid()).as("old one still listed").isEqualTo(1000);
    assertThat(f).isNotDone();
    rig.probe.ready(1001);

    assertThat(rig.journal)
        .startsWith(
            "spawn 1001",
            "probe 1001",
            "ready 1001",
            "add web 0@1001 20001",
            "remove web 0@1000 1600ms",
            "TERM 1000");
    ReloadResult r = done(f);
    assertThat(r.restartedApps()).isEmpty();
    assertThat(r.instances()).singleElement().satisfies(s -> assertThat(s.pid()).isEqualTo(1001));
    InstanceSnapshot now = rig.instance(0);
    assertThat(now.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(now.restarts()).isEqualTo(1);
    assertThat(rig.router.rotation("web")).containsExactly(Map.entry("0@1001", 20001));
    assertThat(rig.launcher.liveCount()).isEqualTo(1);
    assertThat(rig.envOf(1001)).containsEntry("PORT", "20001").containsEntry("JPM_ID", "0");
  }

  @Test
  void reload_oldProcessWithOpenConnections_signalledAfterTheGrace_doneOnlyOnceTheyClosed() {
    rig.startReady(TestApp.named("web").port(8080).build());
    rig.router.holdDrains();

    CompletableFuture<ReloadResult> f = reload("web", 1);
    rig.probe.ready(1001);

    assertThat(rig.journal)
        .as("unrouted; connections already routed to it are answered before any signal")
        .endsWith("add web 0@1001 20001", "remove web 0@1000 1600ms");
    rig.timers.advance(Reloads.SIGNAL_GRACE.minusMillis(1));
    assertThat(rig.journal).doesNotContain("TERM 1000");
    rig.timers.advance(Duration.ofMillis(1));
    assertThat(rig.journal)
        .as("keep-alive connections never close: they do not hold the signal back")
        .containsSubsequence("remove web 0@1000 1600ms", "TERM 1000");
    assertThat(f).as("its connections are still open").isNotDone();
    rig.router.drained("0@1000");
    assertThat(done(f).instances().get(0).pid()).isEqualTo(1001);
  }

  @Test
  void reload_oldProcessIgnoresTheSignal_killedAfterKillTimeout() {
    rig.startReady(TestApp.named("web").port(8080).build());
    rig.launcher.ignoreTerm("web");

    CompletableFuture<ReloadResult> f = reload("web", 1);
    rig.probe.ready(1001);

    assertThat(rig.journal).endsWith("remove web 0@1000 1600ms", "TERM 1000");
    assertThat(f).as("the old process still runs").isNotDone();
    rig.timers.advance(Duration.ofMillis(1600));
    assertThat(rig.journal).containsSubsequence("TERM 1000", "KILL 1000");
    assertThat(done(f).instances().get(0).pid()).isEqualTo(1001);
  }

  @Test
  void scaleDown_behindPort_unroutesAndSignalsAtOnceThenWaitsForTheDrain() {
    rig.startReady(TestApp.named("web").port(8080).instances(2).build());
    rig.router.holdDrains();

    CompletableFuture<List<InstanceSnapshot>> f = supervisor.scale("web", 1, false);

    assertThat(rig.journal).startsWith("remove web 1@1001 1600ms", "TERM 1001");
    assertThat(rig.router.rotation("web")).containsOnlyKeys("0@1000");
    assertThat(f).as("its connections are still open").isNotDone();

    rig.router.drained("1@1001");

    assertThat(done(f)).extracting(InstanceSnapshot::pid).containsExactly(1000L);
  }

  @Test
  void balance_opensThePortWithIt_andARestartWithAnotherSwitchesItInPlace() {
    rig.startReady(TestApp.named("web").port(8080).balance(Balance.LEAST_CONNECTIONS).build());
    assertThat(rig.router.calls()).startsWith("open web 8080 least-conn");

    var unused =
        supervisor.restart(
            List.of("web"),
            new SpecChanges(List.of(TestApp.named("web").port(8080).build()), Map.of(), Map.of()));

    assertThat(rig.router.calls()).contains("balance web round-robin").doesNotContain("close web");
  }

  @Test
  void scaleDown_withoutPort_stopsAtOnce() {
    rig.startReady(TestApp.named("job").instances(2).build());
    rig.router.holdDrains();

    CompletableFuture<List<InstanceSnapshot>> f = supervisor.scale("job", 1, false);

    assertThat(rig.journal).startsWith("TERM 1001");
    assertThat(done(f)).hasSize(1);
  }

  @Test
  void reload_history_tellsEachStepInTheInstancesHistory() {
    rig.startReady(TestApp.named("web").port(8080).build());

    var unused = reload("web", 1);
    rig.probe.ready(1001);

    List<String> history =
        supervisor.describe(List.of("0")).get(0).events().stream()
            .map(InstanceEvent::reason)
            .toList();
    assertThat(history)
        .anySatisfy(
            h -> assertThat(h).startsWith("reload: starting a replacement next to pid 1000"))
        .anySatisfy(h -> assertThat(h).startsWith("reload: replacement pid 1001: spawned"))
        .anySatisfy(h -> assertThat(h).startsWith("reload: pid 1001 is ready and in service"))
        .anySatisfy(h -> assertThat(h).startsWith("reload: old process pid 1000: stopping"));
  }

  @Test
  void reload_replacementNeverReady_failsAndTheOldProcessGoesOnServing() {
    rig.startReady(TestApp.named("web").port(8080).build());

    CompletableFuture<ReloadResult> f = reload("web", 1);
    rig.probe.notYet(1001, "http GET 127.0.0.1:20001/: answered 503");
    rig.timers.advance(Duration.ofSeconds(3));

    assertThatThrownBy(f::join)
        .hasCauseInstanceOf(CommandException.class)
        .hasMessageContaining("app 'web' instance 0 (id 0): the replacement (pid 1001) failed")
        .hasMessageContaining("not ready within 3s (listen_timeout)")
        .hasMessageContaining("answered 503")
        .hasMessageContaining("pid 1000 goes on serving");
    assertThat(rig.launcher.signals()).contains("KILL 1001").doesNotContain("TERM 1000");
    assertThat(rig.launcher.launches()).as("no second try").hasSize(2);
    assertThat(rig.instance(0).pid()).isEqualTo(1000);
    assertThat(rig.instance(0).state()).isEqualTo(ProcessState.RUNNING);
    assertThat(rig.router.rotation("web")).containsExactly(Map.entry("0@1000", 20000));
    assertThat(rig.launcher.liveCount()).isEqualTo(1);
  }

  @Test
  void reload_replacementExits_failsAndLeavesTheOtherInstancesAlone() {
    rig.startReady(TestApp.named("web").instances(3).port(8080).build());

    CompletableFuture<ReloadResult> f = reload("web", 1);
    rig.launcher.process(1003).exit(2);

    assertThatThrownBy(f::join).hasMessageContaining("exited with code 2 before it was ready");
    assertThat(rig.launcher.launches()).hasSize(4);
    assertThat(supervisor.list(List.of()))
        .extracting(InstanceSnapshot::pid)
        .containsExactly(1000L, 1001L, 1002L);
    assertThat(running()).isEqualTo(3);
  }

  @Test
  void reload_parallelTwo_replacesTwoAtATimeNeverLoweringCapacity() {
    rig.startReady(TestApp.named("web").instances(3).port(8080).build());

    CompletableFuture<ReloadResult> f = reload("web", 2);

    assertThat(rig.journal).containsExactly("spawn 1003", "probe 1003", "spawn 1004", "probe 1004");
    assertThat(running()).isEqualTo(3);
    rig.probe.ready(1004);
    assertThat(running()).isEqualTo(3);
    assertThat(rig.launcher.launches()).as("third one begun").hasSize(6);
    rig.probe.ready(1003);
    rig.probe.ready(1005);
    assertThat(running()).isEqualTo(3);
    assertThat(done(f).instances())
        .extracting(InstanceSnapshot::pid)
        .containsExactly(1003L, 1004L, 1005L);
    assertThat(rig.launcher.liveCount()).isEqualTo(3);
  }

  @Test
  void reload_appWithoutCheckOrPort_fallsBackToRestartAndSaysSo() {
    done(supervisor.start(List.of(TestApp.named("plain").build())));

    ReloadResult r = done(reload("plain", 1));

    assertThat(r.restartedApps()).containsExactly("plain");
    assertThat(r.instances().get(0).pid()).isEqualTo(1001);
    assertThat(rig.journal).containsSubsequence("TERM 1000", "spawn 1001");
  }

  @Test
  void reload_withEnvUpdate_replacementRunsWithTheNewEnv() {
    rig.startReady(
        TestApp.named("web").env(Map.of("A", "1")).ready("tcp", Duration.ofSeconds(3)).build());

    CompletableFuture<ReloadResult> f =
        supervisor.reload(
            List.of("web"), new SpecChanges(List.of(), Map.of("A", "2"), Map.of()), 1);
    rig.probe.ready(1001);

    done(f);
    assertThat(rig.envOf(1001)).containsEntry("A", "2");
    assertThat(supervisor.describe(List.of("web")).get(0).spec().env()).containsEntry("A", "2");
  }

  @Test
  void reload_stoppedInstance_isStarted() {
    rig.startReady(TestApp.named("web").ready("tcp", Duration.ofSeconds(3)).build());
    done(supervisor.stop(List.of("web")));

    CompletableFuture<ReloadResult> f = reload("web", 1);
    rig.probe.ready(1001);

    ReloadResult r = done(f);
    assertThat(r.instances().get(0).state()).isEqualTo(ProcessState.RUNNING);
    assertThat(r.restartedApps()).isEmpty();
  }

  @Test
  void stop_duringReload_stopsTheReplacementAndFailsTheReload() {
    rig.startReady(TestApp.named("web").port(8080).build());
    CompletableFuture<ReloadResult> f = reload("web", 1);

    done(supervisor.stop(List.of("web")));

    assertThatThrownBy(f::join).hasMessageContaining("aborted: stopped by request");
    assertThat(rig.launcher.liveCount()).isZero();
    assertThat(rig.instance(0).state()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void reload_whileReloading_refused() {
    rig.startReady(TestApp.named("web").port(8080).build());
    var unused = reload("web", 1);

    assertThatThrownBy(() -> reload("web", 1))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("is being reloaded already");
  }

  @Test
  void killReloadShadows_beforeReady_killsOnlyTheReplacement() {
    rig.startReady(TestApp.named("web").port(8080).build());
    var unused = reload("web", 1);

    assertThat(supervisor.killReloadShadows()).isEqualTo(1);

    assertThat(rig.launcher.signals()).contains("KILL 1001").doesNotContain("KILL 1000");
    assertThat(supervisor.export().apps().get(0).instances().get(0).pid()).isEqualTo(1000);
  }

  @Test
  void killReloadShadows_whileStoppingTheOld_killsTheOldProcessTheStateNoLongerHas() {
    rig.startReady(TestApp.named("web").port(8080).build());
    rig.launcher.ignoreTerm("web");
    var unused = reload("web", 1);
    rig.probe.ready(1001);

    assertThat(supervisor.killReloadShadows()).isEqualTo(1);

    assertThat(rig.launcher.signals()).contains("KILL 1000").doesNotContain("KILL 1001");
    assertThat(supervisor.export().apps().get(0).instances().get(0).pid()).isEqualTo(1001);
  }

  @Test
  void shutdown_duringReload_stopsBothProcesses() {
    rig.startReady(TestApp.named("web").port(8080).build());
    var unused = reload("web", 1);

    CompletableFuture<Integer> down = supervisor.shutdown();

    assertThat(done(down)).isEqualTo(1);
    assertThat(rig.launcher.liveCount()).isZero();
  }
}
