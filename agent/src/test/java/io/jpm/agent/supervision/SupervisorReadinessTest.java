package io.jpm.agent.supervision;

import static io.jpm.agent.supervision.ServingRig.done;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.RecordingTrafficRouter;
import io.jpm.agent.testing.TestApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Readiness gating, listen_timeout, private ports and routing, against fakes. */
class SupervisorReadinessTest {
  private final ServingRig rig = new ServingRig();
  private final Supervisor supervisor = rig.supervisor;

  private static AppSpec checked(String name) {
    return TestApp.named(name).ready("tcp", Duration.ofSeconds(3)).build();
  }

  @Test
  void start_withReadinessCheck_launchingUntilReadyThenOnline() {
    CompletableFuture<List<InstanceSnapshot>> f = supervisor.start(List.of(checked("web")));

    assertThat(f).isNotDone();
    assertThat(rig.instance(0).state()).isEqualTo(ProcessState.STARTING);
    assertThat(rig.probe.started())
        .singleElement()
        .satisfies(t -> assertThat(t.port()).isEqualTo(20000))
        .satisfies(t -> assertThat(t.check()).isEqualTo(ReadyCheck.TCP));

    rig.probe.ready(1000);

    assertThat(done(f)).extracting(InstanceSnapshot::state).containsExactly(ProcessState.RUNNING);
    assertThat(rig.events.reasons(0)).contains("ready");
  }

  @Test
  void start_withTcpCheck_givesEachInstanceItsOwnPortInEnv() {
    CompletableFuture<List<InstanceSnapshot>> f =
        supervisor.start(
            List.of(TestApp.named("web").instances(2).ready("tcp", Duration.ofSeconds(3)).build()));

    assertThat(rig.envOf(1000)).containsEntry("PORT", "20000").containsEntry("JPM_PORT", "20000");
    assertThat(rig.envOf(1001)).containsEntry("PORT", "20001").containsEntry("JPM_PORT", "20001");
    rig.probe.ready(1000);
    assertThat(f).isNotDone();
    rig.probe.ready(1001);
    assertThat(done(f)).hasSize(2);
  }

  @Test
  void start_withLogCheckAndNoPort_getsNoPort() {
    var unused =
        supervisor.start(
            List.of(TestApp.named("w").ready("log:listening", Duration.ofSeconds(3)).build()));

    assertThat(rig.envOf(1000)).doesNotContainKeys("PORT", "JPM_PORT");
    assertThat(rig.probe.started().get(0).port()).isZero();
  }

  @Test
  void start_withoutCheck_onlineAtSpawnWithoutPortOrProbe() {
    List<InstanceSnapshot> out = done(supervisor.start(List.of(TestApp.named("plain").build())));

    assertThat(out.get(0).state()).isEqualTo(ProcessState.RUNNING);
    assertThat(rig.envOf(1000)).doesNotContainKey("PORT");
    assertThat(rig.probe.started()).isEmpty();
  }

  @Test
  void start_notReadyWithinListenTimeout_failsWithWhyAndCountsAnUnstableExit() {
    CompletableFuture<List<InstanceSnapshot>> f = supervisor.start(List.of(checked("web")));
    rig.probe.notYet(1000, "tcp 127.0.0.1:20000: Connection refused");

    rig.timers.advance(Duration.ofSeconds(3));

    assertThat(rig.launcher.signals()).contains("KILL 1000");
    assertThatThrownBy(f::join)
        .hasCauseInstanceOf(CommandException.class)
        .hasMessageContaining("app 'web' instance 0 (id 0)")
        .hasMessageContaining("not ready within 3s (listen_timeout)")
        .hasMessageContaining("last check: tcp 127.0.0.1:20000: Connection refused");
    InstanceSnapshot now = rig.instance(0);
    assertThat(now.unstableRestarts()).isEqualTo(1);
    assertThat(now.state())
        .as("tried again by the restart policy")
        .isEqualTo(ProcessState.STARTING);
    assertThat(now.pid()).isEqualTo(1001);
    assertThat(rig.events.reasons(0))
        .anySatisfy(r -> assertThat(r).contains("not ready within 3s (listen_timeout)"))
        .anySatisfy(r -> assertThat(r).contains("before it was ready"));
  }

  @Test
  void start_neverReady_givesUpAtMaxRestarts() {
    CompletableFuture<List<InstanceSnapshot>> f =
        supervisor.start(
            List.of(
                TestApp.named("web").maxRestarts(2).ready("tcp", Duration.ofSeconds(1)).build()));

    rig.timers.advance(Duration.ofSeconds(1));
    rig.timers.advance(Duration.ofSeconds(1));

    assertThat(f).isCompletedExceptionally();
    assertThat(rig.instance(0).state()).isEqualTo(ProcessState.FATAL);
    assertThat(rig.launcher.liveCount()).isZero();
  }

  @Test
  void start_withPort_opensItAndRoutesEachInstanceOnceReady() {
    var unused = supervisor.start(List.of(TestApp.named("web").instances(2).port(8080).build()));

    assertThat(rig.router.calls()).containsExactly("open web 8080");
    rig.probe.ready(1001);
    assertThat(rig.router.rotation("web")).containsExactly(Map.entry("1@1001", 20001));
    rig.probe.ready(1000);
    assertThat(rig.router.rotation("web")).containsOnlyKeys("0@1000", "1@1001");
    assertThat(rig.instance(0).port()).isEqualTo(8080);
  }

  @Test
  void stop_routedInstance_takenOutOfRotationBeforeTheStopSignal() {
    rig.startReady(TestApp.named("web").port(8080).build());

    done(supervisor.stop(List.of("web")));

    assertThat(rig.journal).startsWith("remove web 0@1000 1600ms", "TERM 1000");
    assertThat(rig.router.rotation("web")).isEmpty();
  }

  @Test
  void crash_ofRoutedInstance_takesItOutOfRotation() {
    rig.startReady(TestApp.named("web").port(8080).build());
    rig.clock.advance(Duration.ofSeconds(10));

    rig.launcher.process(1000).exit(1);

    assertThat(rig.router.rotation("web")).isEmpty();
    rig.probe.ready(1001);
    assertThat(rig.router.rotation("web")).containsOnlyKeys("0@1001");
  }

  @Test
  void start_portTaken_failsNamingItAndStartsNothing() {
    rig.router.portTaken(8080);

    assertThatThrownBy(
            () ->
                supervisor.start(
                    List.of(
                        TestApp.named("a").port(9090).build(),
                        TestApp.named("b").port(8080).build())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'b': port 8080: Address already in use");
    assertThat(rig.launcher.launches()).isEmpty();
    assertThat(rig.router.calls()).containsExactly("open a 9090", "close a");
  }

  @Test
  void start_portOfAnotherApp_refused() {
    rig.startReady(TestApp.named("a").port(8080).build());

    assertThatThrownBy(() -> supervisor.start(List.of(TestApp.named("b").port(8080).build())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'b': port: 8080 is already the port of app 'a'");
  }

  @Test
  void delete_lastInstanceOfAppWithPort_closesThePort() {
    rig.startReady(TestApp.named("web").port(8080).build());

    done(supervisor.delete(List.of("web")));

    assertThat(rig.router.calls()).endsWith("close web");
  }

  @Test
  void restore_adoptedInstance_routedAgainOnItsSavedPrivatePort() {
    rig.startReady(TestApp.named("web").port(8080).build());
    StateExport saved = supervisor.export();
    RecordingTrafficRouter router = new RecordingTrafficRouter();
    Supervisor next =
        new Supervisor(
            rig.launcher,
            rig.timers,
            rig.events,
            UsageMeter.none(),
            rig.clock,
            Runnable::run,
            new ServingPorts(rig.probe, () -> 30000, router));

    next.restore(saved);

    assertThat(saved.apps().get(0).instances().get(0).privatePort()).isEqualTo(20000);
    assertThat(router.calls()).containsExactly("open web 8080", "add web 0@1000 20000");
  }
}
