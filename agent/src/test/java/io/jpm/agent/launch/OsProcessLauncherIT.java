package io.jpm.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.supervision.ProcessLauncher.LaunchRequest;
import io.jpm.agent.supervision.ProcessLauncher.LaunchedProcess;
import io.jpm.agent.supervision.ProcessLauncher.LogFiles;
import io.jpm.agent.supervision.ProcessLauncher.SpawnException;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestProcesses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OsProcessLauncher against real processes: groups, log files, exit codes and group signals. */
class OsProcessLauncherIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final TestProcesses processes = new TestProcesses();
  private OsProcessLauncher launcher;

  @BeforeEach
  void setUp() {
    launcher = new OsProcessLauncher(dir.resolve("logs"));
  }

  @AfterEach
  void tearDown() throws Exception {
    launcher.close();
    processes.killAll();
  }

  @Test
  void spawn_anyProgram_leadsItsOwnSessionAndGroup() throws Exception {
    LaunchedProcess p = spawnShell("app", "sleep 300");

    // setsid makes the group, then execs sh in the same process, shortly after spawn() returns.
    Await.until(
        "sh running as pid " + p.pid(),
        WAIT,
        () -> TestProcesses.stat(p.pid()).filter(s -> s.comm().equals("sh")).isPresent());
    ProcStat stat = ProcStat.read(p.pid()).orElseThrow();
    assertThat(stat.pgrp()).isEqualTo(p.pid());
    assertThat(stat.session()).isEqualTo(p.pid());
  }

  /** Catches the race only sometimes: the group appears a millisecond or so after spawn(). */
  @Test
  void signalGroup_rightAfterSpawn_reachesTheNewGroup() throws Exception {
    LaunchedProcess p = spawnShell("early", "sleep 300");
    CompletableFuture<Integer> exit = exitOf(p);

    launcher.signalGroup(p.pid(), "KILL");

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(137);
  }

  @Test
  void spawn_printingProgram_stdoutAndStderrLandInTheirLogFilesAppended() throws Exception {
    CompletableFuture<Integer> first = exitOf(spawnShell("printer", "echo out-1; echo err-1 >&2"));
    assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
    CompletableFuture<Integer> second = exitOf(spawnShell("printer", "echo out-2; echo err-2 >&2"));
    assertThat(second.get(10, TimeUnit.SECONDS)).isZero();

    LogFiles logs = launcher.logFiles("printer", 0);

    assertThat(logs.out()).isEqualTo(dir.resolve("logs/printer-out-0.log"));
    assertThat(logs.err()).isEqualTo(dir.resolve("logs/printer-error-0.log"));
    assertThat(Files.readAllLines(logs.out())).containsExactly("out-1", "out-2");
    assertThat(Files.readAllLines(logs.err())).containsExactly("err-1", "err-2");
  }

  @Test
  void spawn_withEnvAndCwd_programSeesBothAndAFifoAsStdin() throws Exception {
    Path work = Files.createDirectory(dir.resolve("work"));
    LaunchRequest request =
        new LaunchRequest(
            "envy",
            3,
            2,
            List.of(
                "sh",
                "-c",
                "echo \"$GREETING $(pwd) $PATH\"; [ -p /dev/stdin ] && echo stdin-fifo"),
            work,
            Map.of("GREETING", "hello"));

    CompletableFuture<Integer> exit = exitOf(register(launcher.spawn(request)));

    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(Files.readAllLines(launcher.logFiles("envy", 2).out()))
        .containsExactly("hello " + work + " " + System.getenv("PATH"), "stdin-fifo");
  }

  @Test
  void spawn_relativeScriptPath_runsFromCwd() throws Exception {
    Path script = dir.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho ran-script\nexit 5\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    LaunchedProcess p =
        register(
            launcher.spawn(new LaunchRequest("rel", 0, 0, List.of("./run.sh"), dir, Map.of())));

    assertThat(exitOf(p).get(10, TimeUnit.SECONDS)).isEqualTo(5);
    assertThat(Files.readAllLines(launcher.logFiles("rel", 0).out())).containsExactly("ran-script");
  }

  @Test
  void onExit_exitCode7_reports7() throws Exception {
    assertThat(exitOf(spawnShell("seven", "exit 7")).get(10, TimeUnit.SECONDS)).isEqualTo(7);
  }

  @Test
  void onExit_killedWithSigkill_reports137() throws Exception {
    LaunchedProcess p = spawnShell("victim", "sleep 300");
    CompletableFuture<Integer> exit = exitOf(p);

    Process kill = new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start();

    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(137);
  }

  @Test
  void signalGroup_term_reachesGrandchild() throws Exception {
    LaunchedProcess p = spawnShell("tree", "sleep 300 & echo $!; wait");
    CompletableFuture<Integer> exit = exitOf(p);
    long grandchild = firstLineAsPid(launcher.logFiles("tree", 0).out());
    assertThat(TestProcesses.stat(grandchild).orElseThrow().pgrp()).isEqualTo(p.pid());

    launcher.signalGroup(p.pid(), "TERM");

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(143);
    Await.until("grandchild " + grandchild + " dead", WAIT, () -> TestProcesses.isDead(grandchild));
  }

  @Test
  void signalGroup_groupVanished_doesNotThrowAndLaterSignalsStillWork() throws Exception {
    LaunchedProcess gone = spawnShell("brief", "exit 0");
    assertThat(exitOf(gone).get(10, TimeUnit.SECONDS)).isZero();
    Await.until("pid reaped", WAIT, () -> TestProcesses.stat(gone.pid()).isEmpty());

    assertThatCode(() -> launcher.signalGroup(gone.pid(), "TERM")).doesNotThrowAnyException();

    LaunchedProcess live = spawnShell("later", "sleep 300");
    CompletableFuture<Integer> exit = exitOf(live);
    launcher.signalGroup(live.pid(), "KILL");
    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(137);
  }

  @Test
  void signalGroup_userSignalByName_reachesTheProgram() throws Exception {
    LaunchedProcess p =
        spawnShell(
            "usr", "trap 'echo got-usr2; exit 3' USR2; echo ready; while :; do sleep 0.05; done");
    CompletableFuture<Integer> exit = exitOf(p);
    firstLineAsText(launcher.logFiles("usr", 0).out());

    launcher.signalGroup(p.pid(), "SIGUSR2");

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(Files.readAllLines(launcher.logFiles("usr", 0).out())).contains("got-usr2");
  }

  @Test
  void spawn_missingAbsoluteProgram_throwsNamingIt() {
    LaunchRequest r = request("x", List.of("/nonexistent/bin/prog", "arg"), dir);

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessageContaining("'/nonexistent/bin/prog' not found");
  }

  @Test
  void spawn_interpreterNotOnPath_throwsNamingInterpreter() throws Exception {
    Path emptyBin = Files.createDirectory(dir.resolve("bin"));
    LaunchRequest r =
        new LaunchRequest(
            "js", 0, 0, List.of("node", "app.js"), dir, Map.of("PATH", emptyBin.toString()));

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessage("interpreter 'node' not found on PATH (" + emptyBin + ")");
  }

  @Test
  void spawn_programNotOnPath_throwsNamingProgram() {
    LaunchRequest r = request("x", List.of("jpm-no-such-program-42"), dir);

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessageStartingWith("program 'jpm-no-such-program-42' not found on PATH");
  }

  @Test
  void spawn_scriptNotExecutable_throwsSayingSo() throws Exception {
    Path script = Files.writeString(dir.resolve("plain.sh"), "echo hi\n");

    LaunchRequest r = request("x", List.of(script.toString()), dir);

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessageContaining("is not executable");
  }

  @Test
  void spawn_missingCwd_throwsNamingIt() {
    Path missing = dir.resolve("no-such-dir");
    LaunchRequest r = request("x", List.of("sh", "-c", "true"), missing);

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessage("working directory " + missing + " does not exist");
  }

  @Test
  void spawn_cwdIsAFile_throwsSayingSo() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "");
    LaunchRequest r = request("x", List.of("sh", "-c", "true"), file);

    assertThatThrownBy(() -> launcher.spawn(r))
        .isInstanceOf(SpawnException.class)
        .hasMessage("working directory " + file + " is not a directory");
  }

  private LaunchedProcess spawnShell(String app, String script) throws SpawnException {
    return register(launcher.spawn(request(app, List.of("sh", "-c", script), dir)));
  }

  private static LaunchRequest request(String app, List<String> argv, Path cwd) {
    return new LaunchRequest(app, 0, 0, argv, cwd, Map.of());
  }

  private LaunchedProcess register(LaunchedProcess p) {
    processes.register(p.pid());
    return p;
  }

  private static CompletableFuture<Integer> exitOf(LaunchedProcess p) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    p.onExit(exit::complete);
    return exit;
  }

  private static String firstLineAsText(Path file) {
    Await.until(file + " has a line", WAIT, () -> !lines(file).isEmpty());
    return lines(file).get(0);
  }

  private static long firstLineAsPid(Path file) {
    return Long.parseLong(firstLineAsText(file).trim());
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
