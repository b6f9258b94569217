package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Regression: deleting the last instance of an app threw a NullPointerException on the loop (the
 * snapshot looked up the app's spec, already removed), so `delete` never answered. Found by
 * SupervisorOsIT.delete_runningInstance_forgetsItAndEndsItsProcess.
 */
class SupervisorDeleteTest {
  private final Exits exits = new Exits();
  private final RecordingEventSink events = new RecordingEventSink();
  private final Supervisor supervisor =
      new Supervisor(
          exits,
          (delay, task) -> () -> {},
          events,
          UsageMeter.none(),
          InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")),
          Runnable::run);

  @Test
  void delete_runningLastInstanceOfApp_completesWithItsLastSnapshot() {
    assertThat(supervisor.start(List.of(spec()))).isCompleted();

    CompletableFuture<List<InstanceSnapshot>> deleted = supervisor.delete(List.of("web"));
    exits.exit(100, 143);

    assertThat(deleted).isCompleted();
    assertThat(deleted.join())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.name()).isEqualTo("web");
              assertThat(s.namespace()).isEqualTo("backend");
              assertThat(s.state()).isEqualTo(ProcessState.STOPPED);
            });
    assertThat(supervisor.list(List.of())).isEmpty();
    assertThat(events.all()).last().matches(RecordingEventSink.Event::deleted);
  }

  @Test
  void delete_stoppedLastInstanceOfApp_completesAtOnce() {
    assertThat(supervisor.start(List.of(spec()))).isCompleted();
    CompletableFuture<List<InstanceSnapshot>> stopped = supervisor.stop(List.of("web"));
    exits.exit(100, 143);
    assertThat(stopped).isCompleted();

    CompletableFuture<List<InstanceSnapshot>> deleted = supervisor.delete(List.of("web"));

    assertThat(deleted).isCompleted();
    assertThat(deleted.join()).extracting(InstanceSnapshot::namespace).containsExactly("backend");
    assertThat(supervisor.list(List.of())).isEmpty();
  }

  private static AppSpec spec() {
    AppSpec s = AppSpecs.shell("web", "exec sleep 300").build();
    return new AppSpec(
        s.name(),
        "backend",
        s.script(),
        s.args(),
        s.interpreter(),
        s.command(),
        s.cwd(),
        s.env(),
        1,
        new InstancePolicy(RestartPolicy.defaults(), Duration.ofSeconds(1), "TERM", null),
        0);
  }

  /** A launcher whose processes exit when the test says so; pids count up from 100. */
  private static final class Exits implements ProcessLauncher {
    private final Map<Long, IntConsumer> onExit = new HashMap<>();
    private long nextPid = 100;

    @Override
    public LaunchedProcess spawn(LaunchRequest request) {
      long pid = nextPid++;
      return new LaunchedProcess() {
        @Override
        public long pid() {
          return pid;
        }

        @Override
        public void onExit(IntConsumer exitCode) {
          onExit.put(pid, exitCode);
        }
      };
    }

    @Override
    public void signalGroup(long pgid, String signal) {}

    @Override
    public LogFiles logFiles(String app, int index) {
      return new LogFiles(null, null);
    }

    void exit(long pid, int code) {
      onExit.get(pid).accept(code);
    }
  }
}
