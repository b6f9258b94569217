package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.FakeClock;
import io.jpm.agent.testing.FakeLauncher;
import io.jpm.agent.testing.FakeProbe;
import io.jpm.agent.testing.ManualScheduler;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.RecordingTrafficRouter;
import io.jpm.agent.testing.SequentialPorts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A supervisor wired to fakes for readiness and traffic tests, with one journal in which the
 * launcher ("spawn PID", "TERM PID"), the probe ("probe PID", "ready PID") and the router ("add web
 * 0@1001 20001", ...) write, so a test can check the order of what happened across them.
 */
final class ServingRig {
  final FakeClock clock = new FakeClock();
  final ManualScheduler timers = new ManualScheduler(clock);
  final List<String> journal = new ArrayList<>();
  final FakeLauncher launcher = new FakeLauncher();
  final FakeProbe probe = new FakeProbe(journal::add);
  final RecordingTrafficRouter router = new RecordingTrafficRouter(journal::add);
  final RecordingEventSink events = new RecordingEventSink();
  final Map<Long, Long> rss = new HashMap<>();
  final Supervisor supervisor =
      new Supervisor(
          journaling(),
          timers,
          events,
          usage(),
          clock,
          Runnable::run,
          new ServingPorts(probe, new SequentialPorts(), router));

  /** A meter reporting the resident sizes put in {@link #rss}. */
  private UsageMeter usage() {
    return new UsageMeter() {
      @Override
      public void track(long pid) {}

      @Override
      public void untrack(long pid) {}

      @Override
      public Usage of(long pid) {
        return new Usage(0, rss.getOrDefault(pid, 0L));
      }
    };
  }

  static <T> T done(CompletableFuture<T> f) {
    assertThat(f).isDone();
    return f.join();
  }

  /** Starts the apps and makes every new process ready; returns the instances. */
  List<InstanceSnapshot> startReady(AppSpec... specs) {
    CompletableFuture<List<InstanceSnapshot>> f = supervisor.start(List.of(specs));
    for (ProcessLauncher.LaunchRequest r : List.copyOf(launcher.launches())) {
      long pid = pidOfLaunch(r);
      if (probe.isProbing(pid)) {
        probe.ready(pid);
      }
    }
    journal.clear();
    return done(f);
  }

  /** The instance with this id as listed now. */
  InstanceSnapshot instance(int id) {
    return supervisor.list(List.of(Integer.toString(id))).get(0);
  }

  /** The pid the launcher gave to the process of this request. */
  long pidOfLaunch(ProcessLauncher.LaunchRequest r) {
    return 1000L + launcher.launches().indexOf(r);
  }

  /** The environment the process with this pid was started with. */
  java.util.Map<String, String> envOf(long pid) {
    return launcher.launches().get((int) (pid - 1000)).env();
  }

  private ProcessLauncher journaling() {
    return new ProcessLauncher() {
      @Override
      public LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
        LaunchedProcess p = launcher.spawn(request);
        journal.add("spawn " + p.pid());
        return p;
      }

      @Override
      public LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
        return launcher.adopt(request);
      }

      @Override
      public void signalGroup(long pgid, String signal) {
        journal.add(signal + " " + pgid);
        launcher.signalGroup(pgid, signal);
      }

      @Override
      public LogFiles logFiles(String app, int index) {
        return launcher.logFiles(app, index);
      }
    };
  }
}
