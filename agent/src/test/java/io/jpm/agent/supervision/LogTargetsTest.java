package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.FakeClock;
import io.jpm.agent.testing.FakeLauncher;
import io.jpm.agent.testing.ManualScheduler;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.TestApp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-instance log file names and what the log commands learn about their targets. */
class LogTargetsTest {
  private static final LogPolicy EXPLICIT =
      new LogPolicy("out.log", "/var/log/app/err", "iso", false, 1024, 2, true);

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

  @Test
  void forInstance_oneInstance_resolvesRelativeFilesAgainstCwdAndKeepsTheRest() {
    LogPolicy p = EXPLICIT.forInstance(Path.of("/srv/app"), 0, 1);

    assertThat(p)
        .isEqualTo(
            new LogPolicy("/srv/app/out.log", "/var/log/app/err", "iso", false, 1024, 2, true));
  }

  @Test
  void forInstance_severalInstances_insertsTheIndexBeforeTheExtension() {
    LogPolicy p = EXPLICIT.forInstance(Path.of("/srv/app"), 3, 4);

    assertThat(p.outFile()).isEqualTo("/srv/app/out-3.log");
    assertThat(p.errorFile()).isEqualTo("/var/log/app/err-3");
  }

  @Test
  void forInstance_devNullOrDefaults_stayAsTheyAre() {
    LogPolicy devNull = new LogPolicy("/dev/null", null, null, false, 0, 0, false);

    assertThat(devNull.forInstance(Path.of("/srv"), 1, 2).outFile()).isEqualTo("/dev/null");
    assertThat(devNull.forInstance(Path.of("/srv"), 1, 2).errorFile()).isNull();
    assertThat(LogPolicy.defaults().forInstance(Path.of("/srv"), 1, 2))
        .isEqualTo(LogPolicy.defaults());
  }

  @Test
  void problems_negativeSizeOrRetain_areNamedByKey() {
    assertThat(new LogPolicy(null, null, null, false, -1, -2, false).problems())
        .hasSize(2)
        .anyMatch(p -> p.startsWith("log_max_size:"))
        .anyMatch(p -> p.startsWith("log_retain:"));
    assertThat(LogPolicy.defaults().problems()).isEmpty();
  }

  @Test
  void logTargets_noTarget_everyInstanceWithItsFilesPolicyAndState() {
    supervisor.start(
        List.of(
            TestApp.named("web").instances(2).cwd(Path.of("/srv")).logs(EXPLICIT).build(),
            TestApp.named("plain").build()));
    supervisor.stop(List.of("plain"));

    List<LogTarget> all = supervisor.logTargets(List.of());

    assertThat(all).extracting(t -> t.instance().name()).containsExactly("web", "web", "plain");
    assertThat(all.get(1).files().out()).isEqualTo(Path.of("/srv/out-1.log"));
    assertThat(all.get(1).logs().outFile()).isEqualTo("/srv/out-1.log");
    assertThat(all.get(2).files().out()).isEqualTo(Path.of("/logs/plain-out-0.log"));
    assertThat(all).extracting(LogTarget::running).containsExactly(true, true, false);
    assertThat(launcher.launches().get(1).logs().outFile()).isEqualTo("/srv/out-1.log");
  }

  @Test
  void logTargets_byName_onlyThatApp() {
    supervisor.start(List.of(TestApp.named("web").build(), TestApp.named("db").build()));

    assertThat(supervisor.logTargets(List.of("db")))
        .extracting(t -> t.instance().name())
        .containsExactly("db");
  }
}
