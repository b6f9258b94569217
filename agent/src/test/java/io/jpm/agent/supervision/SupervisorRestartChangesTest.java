package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.supervision.ProcessLauncher.LaunchRequest;
import io.jpm.agent.testing.FakeClock;
import io.jpm.agent.testing.FakeLauncher;
import io.jpm.agent.testing.ManualScheduler;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Restarts that change the spec: replacement specs, env updates and base env (no --update-env). */
class SupervisorRestartChangesTest {
  private static final Map<String, String> OLD_SHELL = Map.of("PATH", "/bin", "SHELL_VAR", "old");
  private static final Map<String, String> NEW_SHELL = Map.of("PATH", "/bin", "SHELL_VAR", "new");

  private final FakeClock clock = new FakeClock();
  private final FakeLauncher launcher = new FakeLauncher();
  private final Supervisor supervisor =
      new Supervisor(
          launcher,
          new ManualScheduler(clock),
          new RecordingEventSink(),
          UsageMeter.none(),
          clock,
          Runnable::run);

  private static <T> T done(CompletableFuture<T> f) {
    assertThat(f).isDone();
    return f.join();
  }

  /** {@code app} with {@code baseEnv} as its base environment. */
  private static AppSpec withBase(TestApp app, Map<String, String> baseEnv) {
    AppSpec s = app.build();
    return new AppSpec(
        s.name(),
        s.namespace(),
        s.script(),
        s.args(),
        s.interpreter(),
        s.command(),
        s.cwd(),
        s.env(),
        s.instances(),
        s.policy(),
        s.maxMemoryBytes(),
        baseEnv,
        s.logs());
  }

  private LaunchRequest lastLaunch() {
    return launcher.launches().get(launcher.launches().size() - 1);
  }

  private void startWeb() {
    done(
        supervisor.start(
            List.of(withBase(TestApp.named("web").env(Map.of("A", "1", "B", "2")), OLD_SHELL))));
  }

  @Test
  void restart_replacementSpec_newProcessHasTheNewEnvAndNotTheRemovedVariable() {
    startWeb();
    long oldPid = supervisor.list(List.of()).get(0).pid();
    AppSpec changed = withBase(TestApp.named("web").env(Map.of("A", "3")), NEW_SHELL);

    List<InstanceSnapshot> out =
        done(
            supervisor.restart(
                List.of("web"), new SpecChanges(List.of(changed), Map.of(), NEW_SHELL)));

    assertThat(out).hasSize(1);
    assertThat(out.get(0).pid()).isNotEqualTo(oldPid);
    LaunchRequest launch = lastLaunch();
    assertThat(launch.fullEnv()).as("the base env is the whole environment").isTrue();
    assertThat(launch.env())
        .containsEntry("A", "3")
        .containsEntry("SHELL_VAR", "new")
        .containsEntry("PATH", "/bin")
        .containsEntry("JPM_APP_NAME", "web")
        .doesNotContainKey("B");
    assertThat(supervisor.describe(List.of("web")).get(0).spec().env()).isEqualTo(Map.of("A", "3"));
  }

  @Test
  void restart_envUpdates_setOnTopOfTheEnvWithTheNewShellAsBase() {
    startWeb();

    done(
        supervisor.restart(
            List.of("web"), new SpecChanges(List.of(), Map.of("C", "4"), NEW_SHELL)));

    assertThat(lastLaunch().env())
        .containsEntry("A", "1")
        .containsEntry("B", "2")
        .containsEntry("C", "4")
        .containsEntry("SHELL_VAR", "new");
  }

  @Test
  void restart_plain_keepsEnvAndBaseEnv() {
    startWeb();
    LaunchRequest first = lastLaunch();

    done(supervisor.restart(List.of("web")));

    assertThat(launcher.launches()).hasSize(2);
    assertThat(lastLaunch().env()).isEqualTo(first.env());
    assertThat(lastLaunch().fullEnv()).isTrue();
  }

  @Test
  void restart_withoutBaseEnv_keepsTheOldBase() {
    startWeb();

    done(
        supervisor.restart(List.of("web"), new SpecChanges(List.of(), Map.of("C", "4"), Map.of())));

    assertThat(lastLaunch().env()).containsEntry("SHELL_VAR", "old").containsEntry("C", "4");
  }

  @Test
  void restart_invalidReplacement_failsWholeAndChangesNothing() {
    startWeb();
    done(supervisor.start(List.of(TestApp.named("db").build())));
    long webPid = supervisor.list(List.of("web")).get(0).pid();
    AppSpec bad = TestApp.named("db").cwd(Path.of("relative")).build();
    SpecChanges changes =
        new SpecChanges(
            List.of(TestApp.named("web").env(Map.of()).build(), bad), Map.of(), NEW_SHELL);

    assertThatThrownBy(() -> supervisor.restart(List.of("web", "db"), changes))
        .isInstanceOfSatisfying(
            CommandException.class,
            e -> assertThat(e.failure()).isEqualTo(CommandException.Failure.INVALID_ARGUMENT))
        .hasMessageContaining("app 'db': cwd");

    assertThat(launcher.signals()).isEmpty();
    assertThat(supervisor.list(List.of("web")).get(0).pid()).isEqualTo(webPid);
    assertThat(supervisor.describe(List.of("web")).get(0).spec().env())
        .isEqualTo(Map.of("A", "1", "B", "2"));
  }

  @Test
  void restart_replacementOfAnAppNotTargeted_isRejected() {
    startWeb();
    done(supervisor.start(List.of(TestApp.named("db").build())));
    SpecChanges changes = new SpecChanges(List.of(TestApp.named("db").build()), Map.of(), Map.of());

    assertThatThrownBy(() -> supervisor.restart(List.of("web"), changes))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'db' is not among the targets");
    assertThat(launcher.signals()).isEmpty();
  }

  @Test
  void restart_invalidVariableName_isRejected() {
    startWeb();

    assertThatThrownBy(
            () ->
                supervisor.restart(
                    List.of("web"), new SpecChanges(List.of(), Map.of("", "x"), Map.of())))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("env: invalid variable name");
    assertThat(launcher.signals()).isEmpty();
  }

  @Test
  void restart_namespaceChange_isRejected() {
    startWeb();
    SpecChanges changes =
        new SpecChanges(
            List.of(TestApp.named("web").namespace("other").build()), Map.of(), Map.of());

    assertThatThrownBy(() -> supervisor.restart(List.of("web"), changes))
        .hasMessageContaining("namespace: cannot change on restart");
  }

  @Test
  void restart_replacementWithMoreInstances_startsTheMissingOnes() {
    startWeb();

    List<InstanceSnapshot> out =
        done(
            supervisor.restart(
                List.of("web"),
                new SpecChanges(
                    List.of(TestApp.named("web").instances(3).build()), Map.of(), Map.of())));

    assertThat(out).extracting(InstanceSnapshot::index).containsExactly(0, 1, 2);
    assertThat(out).extracting(InstanceSnapshot::state).containsOnly(ProcessState.RUNNING);
    assertThat(launcher.liveCount()).isEqualTo(3);
  }

  @Test
  void restart_replacementWithFewerInstances_deletesTheHighestIndexes() {
    done(supervisor.start(List.of(TestApp.named("web").instances(3).build())));

    List<InstanceSnapshot> out =
        done(
            supervisor.restart(
                List.of("web"),
                new SpecChanges(
                    List.of(TestApp.named("web").instances(1).build()), Map.of(), Map.of())));

    assertThat(out).extracting(InstanceSnapshot::index).containsExactly(0);
    assertThat(supervisor.list(List.of())).hasSize(1);
    assertThat(launcher.liveCount()).isEqualTo(1);
  }
}
