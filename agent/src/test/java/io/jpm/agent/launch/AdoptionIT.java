package io.jpm.agent.launch;

import static io.jpm.agent.testing.LogFilesRead.assertNumbered;
import static io.jpm.agent.testing.LogFilesRead.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.supervision.Input;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.ProcessLauncher.AdoptRequest;
import io.jpm.agent.supervision.ProcessLauncher.LaunchRequest;
import io.jpm.agent.supervision.ProcessLauncher.LaunchedProcess;
import io.jpm.agent.supervision.ProcessLauncher.SpawnException;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.NumberedLines;
import io.jpm.agent.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second launcher (a new agent) takes over a process the first one started, after the first
 * stopped reading without the process noticing, as when an agent dies: no line missing or doubled.
 */
class AdoptionIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final LogPolicy LOGS = new LogPolicy(null, null, null, false, 0, 5, false);

  @TempDir Path dir;
  private final TestProcesses processes = new TestProcesses();
  private OsProcessLauncher first;
  private OsProcessLauncher second;

  @BeforeEach
  void setUp() {
    first = new OsProcessLauncher(dir.resolve("logs"), dir.resolve("run"));
    second = new OsProcessLauncher(dir.resolve("logs"), dir.resolve("run"));
  }

  @AfterEach
  void tearDown() throws Exception {
    first.close();
    second.close();
    processes.killAll();
  }

  private LaunchedProcess spawn(List<String> argv) throws SpawnException {
    LaunchedProcess p =
        first.spawn(new LaunchRequest("app", 4, 0, argv, dir, Map.of(), false, LOGS));
    processes.register(p.pid());
    return p;
  }

  private static CompletableFuture<Integer> exitOf(LaunchedProcess p) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    p.onExit(exit::complete);
    return exit;
  }

  @Test
  void adopt_afterTheFirstLauncherStoppedReading_noLineMissingOrDoubled() throws Exception {
    LaunchedProcess p = spawn(NumberedLines.command("200000", "30", "700", "50"));
    Path out = first.logFiles("app", 0, LOGS).out();
    Await.until("first lines", WAIT, () -> out.toFile().length() > 30 * 2_000);

    first.close();
    long atDetach = out.toFile().length();
    assertThat(TestProcesses.isLive(p.pid())).as("still running without a reader").isTrue();
    LaunchedProcess adopted =
        second.adopt(new AdoptRequest("app", 4, 0, p.pid(), p.startTicks(), LOGS));
    int exit = exitOf(adopted).get(120, TimeUnit.SECONDS);

    assertThat(exit).isEqualTo(Input.Exited.UNKNOWN);
    assertThat(atDetach).isLessThan(30L * 200_000);
    assertNumbered(lines(out), 1, 200_000, 30);
  }

  @Test
  void detach_withTheProgramStillWriting_programNeverBlocksNorGetsSigpipe() throws Exception {
    Path side = dir.resolve("side");
    // 100-byte lines: 2,000 of them are three times what a pipe would hold without a reader.
    String loop =
        "i=0; while :; do i=$((i+1)); printf '%099d\\n' $i; echo $i > side.tmp; mv side.tmp side;"
            + " done";
    LaunchedProcess p = spawn(List.of("sh", "-c", loop));
    CompletableFuture<Integer> exit = exitOf(p);
    Await.until("running", WAIT, () -> counter(side) > 10);

    first.close();
    long atClose = counter(side);

    Await.until("2,000 more lines written", WAIT, () -> counter(side) > atClose + 2_000);
    assertThat(TestProcesses.isLive(p.pid())).isTrue();
    assertThat(exit).isNotDone();
  }

  @Test
  void adopt_ofAProcessThatDiedWhileNoAgentRan_itsOutputStillReachesTheLog() throws Exception {
    LaunchedProcess p = spawn(List.of("sh", "-c", "read x; seq 1 50000"));
    long ticks = p.startTicks();
    Path out = first.logFiles("app", 0, LOGS).out();
    first.close();
    Await.until("stdin FIFO made", WAIT, () -> spoolStdin().isPresent());
    Files.writeString(spoolStdin().get(), "go\n", StandardOpenOption.APPEND);
    Await.until("exited", WAIT, () -> !TestProcesses.isLive(p.pid()));

    assertThatThrownBy(() -> second.adopt(new AdoptRequest("app", 4, 0, p.pid(), ticks, LOGS)))
        .isInstanceOf(SpawnException.class);
    Await.until("spools copied", WAIT, () -> lines(out).size() == 50_000);
    List<String> lines = lines(out);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo(Integer.toString(i + 1));
    }
  }

  private Optional<Path> spoolStdin() {
    try (var files = Files.list(dir.resolve("run/spool"))) {
      return files.filter(f -> f.toString().endsWith(".in")).findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Test
  void adopt_pidOfAnotherProcess_isRefused() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "300").start();
    processes.register(sleeper.pid());
    long ticks = ProcStat.read(sleeper.pid()).orElseThrow().starttime();
    try {
      assertThatThrownBy(
              () -> second.adopt(new AdoptRequest("app", 4, 0, sleeper.pid(), ticks + 1, LOGS)))
          .isInstanceOf(SpawnException.class)
          .hasMessage("pid " + sleeper.pid() + " now belongs to another process");
    } finally {
      sleeper.destroyForcibly();
    }
  }

  @Test
  void adopt_processGone_isRefused() throws Exception {
    Process brief = new ProcessBuilder("true").start();
    long ticks = ProcStat.read(brief.pid()).map(ProcStat::starttime).orElse(1L);
    assertThat(brief.waitFor(10, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> second.adopt(new AdoptRequest("app", 4, 0, brief.pid(), ticks, LOGS)))
        .isInstanceOf(SpawnException.class)
        .hasMessage("process " + brief.pid() + " is gone");
  }

  private static long counter(Path side) {
    try {
      return Long.parseLong(Files.readString(side).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
