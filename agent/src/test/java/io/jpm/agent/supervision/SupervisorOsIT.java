package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.launch.OsProcessLauncher;
import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.metrics.ProcfsSampler;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.RecordingEventSink;
import io.jpm.agent.testing.RecordingEventSink.Change;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real supervisor, loop, timers, launcher and sampler driving real processes on the OS. */
class SupervisorOsIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private final TestProcesses processes = new TestProcesses();
  private final RecordingEventSink events = new RecordingEventSink();
  private SupervisorLoop loop;
  private ExecutorScheduler scheduler;
  private OsProcessLauncher launcher;
  private ProcfsSampler sampler;
  private Supervisor supervisor;

  @BeforeEach
  void setUp() {
    loop = new SupervisorLoop();
    scheduler = new ExecutorScheduler(loop);
    launcher = new OsProcessLauncher(dir.resolve("logs"));
    sampler = new ProcfsSampler(Duration.ofMillis(100));
    sampler.start();
    supervisor = new Supervisor(launcher, scheduler, events, sampler, InstantSource.system(), loop);
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      call(supervisor::shutdown);
    } finally {
      pids().forEach(processes::register);
      processes.killAll();
      launcher.close();
      sampler.close();
      scheduler.close();
      loop.close();
    }
  }

  @Test
  void start_threeInstances_runWithDistinctPidsAndTheirInstanceIndex() throws Exception {
    AppSpec spec = app("web", "echo instance=$JPM_INSTANCE; exec sleep 300").instances(3).build();

    List<InstanceSnapshot> started = call(() -> supervisor.start(List.of(spec)));

    assertThat(started).extracting(InstanceSnapshot::state).containsOnly(ProcessState.RUNNING);
    assertThat(started)
        .extracting(InstanceSnapshot::pid)
        .doesNotHaveDuplicates()
        .allMatch(p -> p > 0);
    for (InstanceSnapshot s : started) {
      Path out = launcher.logFiles("web", s.index()).out();
      Await.until(
          "instance line in " + out, WAIT, () -> lines(out).contains("instance=" + s.index()));
      ProcStat stat = ProcStat.read(s.pid()).orElseThrow();
      assertThat(stat.pgrp()).isEqualTo(s.pid());
      assertThat(stat.session()).isEqualTo(s.pid());
    }
    assertThat(started).extracting(InstanceSnapshot::index).containsExactly(0, 1, 2);
    Await.until(
        "memory figures of all three",
        WAIT,
        () -> list().stream().allMatch(s -> s.memoryBytes() > 0));
  }

  @Test
  void kill9_oneInstance_isReplacedAndOthersUntouched() throws Exception {
    AppSpec spec = app("web", "exec sleep 300").instances(3).build();
    List<InstanceSnapshot> before = call(() -> supervisor.start(List.of(spec)));
    InstanceSnapshot victim = before.get(1);

    kill("-9", victim.pid());

    Await.until(
        "instance 1 running a new process",
        WAIT,
        () -> isRunningAnotherProcess(snapshot(victim.id()), victim.pid()));
    InstanceSnapshot replaced = snapshot(victim.id());
    assertThat(replaced.restarts()).isEqualTo(1);
    assertThat(replaced.exitCode()).isEqualTo(137);
    assertThat(TestProcesses.isLive(replaced.pid())).isTrue();
    for (InstanceSnapshot other : List.of(before.get(0), before.get(2))) {
      InstanceSnapshot now = snapshot(other.id());
      assertThat(now.pid()).isEqualTo(other.pid());
      assertThat(now.restarts()).isZero();
      assertThat(now.state()).isEqualTo(ProcessState.RUNNING);
    }
  }

  @Test
  void crashLoop_exit1_fatalAfterExactlyThreeLaunches() throws Exception {
    AppSpec spec =
        app("crash", "echo launched; exit 1")
            .maxRestarts(3)
            .minUptime(Duration.ofSeconds(1))
            .build();
    int id = call(() -> supervisor.start(List.of(spec))).get(0).id();

    awaitState(id, ProcessState.FATAL);

    assertThat(lines(launcher.logFiles("crash", 0).out()))
        .containsExactly("launched", "launched", "launched");
    List<Change> history = changesOf(id);
    Change last = history.get(history.size() - 1);
    assertThat(last.snapshot().state()).isEqualTo(ProcessState.FATAL);
    assertThat(last.reason()).contains("max_restarts");
    assertThat(snapshot(id).exitCode()).isEqualTo(1);
  }

  @Test
  void stop_instanceWithGrandchild_killsTheGrandchildToo() throws Exception {
    AppSpec spec = app("tree", "sleep 300 & echo $!; wait").build();
    InstanceSnapshot s = call(() -> supervisor.start(List.of(spec))).get(0);
    long grandchild = Long.parseLong(firstLine(launcher.logFiles("tree", 0).out()));
    processes.register(grandchild);
    assertThat(ProcStat.read(grandchild).orElseThrow().pgrp()).isEqualTo(s.pid());

    List<InstanceSnapshot> stopped = call(() -> supervisor.stop(List.of("tree")));

    assertThat(stopped.get(0).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.get(0).exitCode()).isEqualTo(143);
    Await.until("grandchild " + grandchild + " dead", WAIT, () -> TestProcesses.isDead(grandchild));
    assertThat(TestProcesses.isDead(s.pid())).isTrue();
  }

  @Test
  void stop_childIgnoringTerm_isKilledAfterKillTimeout() throws Exception {
    AppSpec spec =
        app("stubborn", "trap '' TERM; echo ready; while :; do sleep 1; done")
            .killTimeout(Duration.ofMillis(300))
            .build();
    InstanceSnapshot s = call(() -> supervisor.start(List.of(spec))).get(0);
    // Only once the trap is set would TERM be ignored; before, it would just end the shell.
    firstLine(launcher.logFiles("stubborn", 0).out());

    List<InstanceSnapshot> stopped = call(() -> supervisor.stop(List.of("stubborn")));

    assertThat(stopped.get(0).state()).isEqualTo(ProcessState.STOPPED);
    assertThat(stopped.get(0).exitCode()).isEqualTo(137);
    assertThat(changesOf(s.id())).anyMatch(e -> e.reason().contains("kill_timeout"));
    assertThat(TestProcesses.isDead(s.pid())).isTrue();
  }

  @Test
  void exit_codeInStopExitCodes_leavesItExited() throws Exception {
    AppSpec spec = app("done", "echo launched; exit 3").stopExitCodes(3).build();
    int id = call(() -> supervisor.start(List.of(spec))).get(0).id();

    awaitState(id, ProcessState.EXITED);

    assertThat(snapshot(id).exitCode()).isEqualTo(3);
    assertThat(snapshot(id).restarts()).isZero();
    assertThat(lines(launcher.logFiles("done", 0).out())).containsExactly("launched");
  }

  @Test
  void exit_autorestartOff_leavesItExited() throws Exception {
    AppSpec spec = app("once", "echo launched; exit 0").autorestart(false).build();
    int id = call(() -> supervisor.start(List.of(spec))).get(0).id();

    awaitState(id, ProcessState.EXITED);

    assertThat(snapshot(id).exitCode()).isZero();
    assertThat(lines(launcher.logFiles("once", 0).out())).containsExactly("launched");
  }

  @Test
  void restart_runningInstance_runsANewProcess() throws Exception {
    AppSpec spec = app("web", "exec sleep 300").build();
    InstanceSnapshot before = call(() -> supervisor.start(List.of(spec))).get(0);

    InstanceSnapshot after = call(() -> supervisor.restart(List.of("web"))).get(0);

    assertThat(after.state()).isEqualTo(ProcessState.RUNNING);
    assertThat(after.pid()).isNotEqualTo(before.pid());
    assertThat(after.restarts()).isEqualTo(1);
    assertThat(TestProcesses.isLive(after.pid())).isTrue();
    Await.until("old process dead", WAIT, () -> TestProcesses.isDead(before.pid()));
  }

  @Test
  void delete_runningInstance_forgetsItAndEndsItsProcess() throws Exception {
    AppSpec spec = app("web", "exec sleep 300").build();
    InstanceSnapshot s = call(() -> supervisor.start(List.of(spec))).get(0);

    call(() -> supervisor.delete(List.of("web")));

    assertThat(list()).isEmpty();
    assertThat(changesOf(s.id())).last().matches(Change::deleted);
    Await.until("process dead", WAIT, () -> TestProcesses.isDead(s.pid()));
  }

  @Test
  void restartDelay_firstRunFails_waitsInBackoffThenRunsAgain() throws Exception {
    AppSpec spec =
        app("flaky", "if [ -e marker ]; then exec sleep 300; fi; touch marker; exit 1")
            .restartDelay(Duration.ofMillis(300))
            .build();
    InstanceSnapshot first = call(() -> supervisor.start(List.of(spec))).get(0);

    Await.until(
        "a second process running",
        WAIT,
        () -> isRunningAnotherProcess(snapshot(first.id()), first.pid()));

    assertThat(statesOf(first.id()))
        .containsSubsequence(
            ProcessState.RUNNING,
            ProcessState.BACKOFF,
            ProcessState.STARTING,
            ProcessState.RUNNING);
    assertThat(changesOf(first.id()))
        .filteredOn(e -> e.snapshot().state() == ProcessState.BACKOFF)
        .singleElement()
        .matches(e -> e.reason().contains("restarting in 300ms"), "reason names the delay");
    assertThat(snapshot(first.id()).restarts()).isEqualTo(1);
  }

  /** Judges one snapshot: two snapshot() calls could straddle a change. */
  private static boolean isRunningAnotherProcess(InstanceSnapshot s, long oldPid) {
    return s.state() == ProcessState.RUNNING && s.pid() != oldPid;
  }

  private TestApp app(String name, String script) {
    return TestApp.named(name).shell(script).cwd(dir);
  }

  private List<Change> changesOf(int id) {
    return events.changes().stream().filter(c -> c.snapshot().id() == id).toList();
  }

  private List<ProcessState> statesOf(int id) {
    return changesOf(id).stream().map(c -> c.snapshot().state()).toList();
  }

  private List<Long> pids() {
    return events.changes().stream()
        .map(c -> c.snapshot().pid())
        .filter(p -> p > 0)
        .distinct()
        .toList();
  }

  private <T> T call(Supplier<CompletableFuture<T>> command) throws Exception {
    return loop.call(command).get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private List<InstanceSnapshot> list() {
    try {
      return call(() -> CompletableFuture.completedFuture(supervisor.list(List.of())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private InstanceSnapshot snapshot(int id) {
    return list().stream().filter(s -> s.id() == id).findFirst().orElseThrow();
  }

  private void awaitState(int id, ProcessState state) {
    try {
      Await.until("instance " + id + " " + state, WAIT, () -> snapshot(id).state() == state);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; its changes: " + changesOf(id), e);
    }
  }

  private static void kill(String signal, long pid) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static String firstLine(Path file) {
    Await.until(file + " has a line", WAIT, () -> !lines(file).isEmpty());
    return lines(file).get(0).trim();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : Collections.emptyList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
