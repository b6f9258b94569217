package io.jpm.agent.launch;

import static io.jpm.agent.testing.LogFilesRead.allLines;
import static io.jpm.agent.testing.LogFilesRead.assertNumbered;
import static io.jpm.agent.testing.LogFilesRead.lines;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.InstanceLogs;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.LogTarget;
import io.jpm.agent.supervision.ProcessLauncher.LaunchRequest;
import io.jpm.agent.supervision.ProcessLauncher.LaunchedProcess;
import io.jpm.agent.supervision.ProcessLauncher.LogFiles;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.LogFilesRead;
import io.jpm.agent.testing.NumberedLines;
import io.jpm.agent.testing.TestProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output capture through spools with real processes: lossless, ordered, rotated, framed. */
class OutputCaptureIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final TestProcesses processes = new TestProcesses();
  private final List<CapturedLine> published = Collections.synchronizedList(new ArrayList<>());
  private OsProcessLauncher launcher;
  private InstanceLogs logs;

  @BeforeEach
  void setUp() {
    launcher = new OsProcessLauncher(dir.resolve("logs"), dir.resolve("run"));
    launcher.capture().publishTo(published::add);
    logs = new InstanceLogs(launcher.capture());
  }

  @AfterEach
  void tearDown() throws Exception {
    logs.close();
    launcher.close();
    processes.killAll();
  }

  static LogPolicy policy(long maxSize, int retain) {
    return new LogPolicy(null, null, null, false, maxSize, retain, false);
  }

  private LaunchedProcess spawn(String app, int id, List<String> argv, LogPolicy policy)
      throws Exception {
    LaunchedProcess p =
        launcher.spawn(new LaunchRequest(app, id, 0, argv, dir, Map.of(), false, policy));
    processes.register(p.pid());
    return p;
  }

  static CompletableFuture<Integer> exitOf(LaunchedProcess p) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    p.onExit(exit::complete);
    return exit;
  }

  private LogTarget target(String app, int id, long pid, LogPolicy policy) {
    InstanceSnapshot s =
        new InstanceSnapshot(
            id,
            app,
            "default",
            0,
            pid,
            ProcessState.RUNNING,
            true,
            0,
            0,
            0,
            0,
            0,
            null,
            Instant.EPOCH);
    return new LogTarget(s, launcher.logFiles(app, 0, policy), policy);
  }

  @Test
  void capture_150kNumberedLinesInChunksThatCutLines_everyLineOnceInOrder() throws Exception {
    LaunchedProcess p =
        spawn("lossless", 1, NumberedLines.command("150000", "40", "5000"), policy(0, 5));

    assertThat(exitOf(p).get(60, TimeUnit.SECONDS)).isZero();
    assertNumbered(lines(launcher.logFiles("lossless", 0).out()), 1, 150_000, 40);
    assertThat(published).hasSize(150_000).noneMatch(CapturedLine::partial);
    try (var left = Files.list(dir.resolve("run/spool"))) {
      assertThat(left).as("spools and stdin FIFO removed after the exit").isEmpty();
    }
    try (var left = Files.list(dir.resolve("run/journal"))) {
      assertThat(left).as("journals removed after the exit").isEmpty();
    }
  }

  /** Asserts that output of processes gone before their spools are copied is kept. */
  @Test
  void capture_manyProcessesExitingAtOnce_everyOutputKept() throws Exception {
    List<CompletableFuture<Integer>> exits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      exits.add(exitOf(spawn("quick" + i, 100 + i, List.of("echo", "quick-" + i), policy(0, 5))));
    }

    for (int i = 0; i < 20; i++) {
      assertThat(exits.get(i).get(30, TimeUnit.SECONDS)).isZero();
      assertThat(lines(launcher.logFiles("quick" + i, 0).out())).containsExactly("quick-" + i);
    }
    Await.until("no FIFO left open by this JVM", WAIT, () -> openFifos().isEmpty());
  }

  /** This JVM's open file descriptors on FIFOs of the test's run directory. */
  private List<String> openFifos() {
    List<String> out = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith(dir.resolve("run").toString())) {
            out.add(target);
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void rotation_whileTheAppWrites_noLineLostAcrossRotatedFiles() throws Exception {
    LogPolicy keepAll = policy(256 * 1024, 200);
    LogPolicy keepThree = policy(256 * 1024, 3);
    List<String> argv = NumberedLines.command("250000", "40", "3000");
    CompletableFuture<Integer> all = exitOf(spawn("keepall", 1, argv, keepAll));
    CompletableFuture<Integer> three = exitOf(spawn("keepthree", 2, argv, keepThree));

    assertThat(all.get(60, TimeUnit.SECONDS)).isZero();
    assertThat(three.get(60, TimeUnit.SECONDS)).isZero();
    Path allFile = launcher.logFiles("keepall", 0).out();
    assertThat(LogFilesRead.rotated(allFile)).hasSizeGreaterThan(30);
    assertNumbered(allLines(allFile), 1, 250_000, 40);
    Path threeFile = launcher.logFiles("keepthree", 0).out();
    assertThat(LogFilesRead.rotated(threeFile)).hasSize(3);
    List<String> kept = allLines(threeFile);
    int first = Integer.parseInt(kept.get(0).substring(0, 9));
    assertNumbered(kept, first, 250_000, 40);
    for (Path f : LogFilesRead.rotated(threeFile)) {
      assertThat(Files.size(f)).isLessThanOrEqualTo(256 * 1024);
    }
  }

  /** Asserts that 1M lines of 100 bytes all reach the file in order with a bounded heap. */
  @Test
  void capture_millionLinesOf100Bytes_allOnDiskInOrderAndHeapStaysFlat() throws Exception {
    AtomicLong seen = new AtomicLong();
    launcher.capture().publishTo(line -> seen.incrementAndGet());
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long start = System.nanoTime();

    LaunchedProcess p =
        spawn("million", 1, NumberedLines.command("1000000", "100", "65536"), policy(0, 5));
    assertThat(exitOf(p).get(120, TimeUnit.SECONDS)).isZero();

    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.gc();
    long heapAfter = rt.totalMemory() - rt.freeMemory();
    System.out.printf(
        "1M lines x 100 B through jpm capture: %d ms; heap before %d MiB, after %d MiB%n",
        millis, heapBefore >> 20, heapAfter >> 20);
    System.out.printf(
        "same program | cat > file: %d ms; yes | head -n 1000000 | cat > file: %d ms%n",
        shellMillis(
            String.join(" ", NumberedLines.command("1000000", "100", "65536"))
                + " | cat > "
                + dir.resolve("cat.log")),
        shellMillis(
            "yes " + "y".repeat(99) + " | head -n 1000000 | cat > " + dir.resolve("yes.log")));
    assertThat(seen.get()).isEqualTo(1_000_000);
    Path out = launcher.logFiles("million", 0).out();
    assertThat(Files.size(out)).isEqualTo(100_000_000L);
    assertNumbered(lines(out), 1, 1_000_000, 100);
    assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(48L * 1024 * 1024);
  }

  private static long shellMillis(String script) throws Exception {
    long start = System.nanoTime();
    Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  @Test
  void capture_lastLineWithoutNewline_keptAndPublishedAsPartial() throws Exception {
    LaunchedProcess p =
        spawn(
            "partial",
            1,
            List.of("sh", "-c", "printf 'one\\ntwo'; printf 'oops' >&2"),
            LogPolicy.defaults());

    assertThat(exitOf(p).get(20, TimeUnit.SECONDS)).isZero();
    LogFiles files = launcher.logFiles("partial", 0);
    assertThat(Files.readString(files.out())).isEqualTo("one\ntwo\n");
    assertThat(Files.readString(files.err())).isEqualTo("oops\n");
    assertThat(published)
        .extracting(l -> l.stream().word() + ":" + l.text() + ":" + l.partial())
        .containsExactlyInAnyOrder("out:one:false", "out:two:true", "err:oops:true");
  }

  @Test
  void capture_dateFormatAndJson_prefixOrFrameEveryLine() throws Exception {
    LogPolicy stamped = new LogPolicy(null, null, "YYYY", false, 1 << 20, 5, false);
    LogPolicy json = new LogPolicy(null, null, null, true, 1 << 20, 5, false);
    String script = "echo first; echo 'a \"quoted\" line'";
    CompletableFuture<Integer> a = exitOf(spawn("stamp", 1, List.of("sh", "-c", script), stamped));
    CompletableFuture<Integer> b = exitOf(spawn("json", 2, List.of("sh", "-c", script), json));

    assertThat(a.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(b.get(20, TimeUnit.SECONDS)).isZero();
    String year = Year.now().toString();
    assertThat(lines(launcher.logFiles("stamp", 0).out()))
        .hasSize(2)
        .allMatch(
            l -> l.startsWith(year + ": ") || l.startsWith((Integer.parseInt(year) + 1) + ": "))
        .anyMatch(l -> l.endsWith(": a \"quoted\" line"));
    assertThat(lines(launcher.logFiles("json", 0).out()))
        .hasSize(2)
        .allMatch(l -> l.startsWith("{\"time\":\"") && l.endsWith("\"}"))
        .anyMatch(l -> l.contains("\"app\":\"json\",\"instance\":0,\"stream\":\"out\""))
        .anyMatch(l -> l.contains("\"message\":\"a \\\"quoted\\\" line\""));
  }

  @Test
  void send_lineToAnAppEchoingStdin_reachesIt() throws Exception {
    LogPolicy policy = LogPolicy.defaults();
    LaunchedProcess p =
        spawn("echo", 1, List.of("sh", "-c", "while read l; do echo \"got $l\"; done"), policy);

    logs.send(List.of(target("echo", 1, p.pid(), policy)), "hello there").get(10, TimeUnit.SECONDS);

    Path out = launcher.logFiles("echo", 0).out();
    Await.until("echoed line", WAIT, () -> lines(out).contains("got hello there"));
  }

  @Test
  void flush_whileTheAppWrites_leavesTheFileSmallAndLaterLinesIntact() throws Exception {
    LogPolicy policy = policy(0, 5);
    LaunchedProcess p =
        spawn("flood", 1, NumberedLines.command("3000000", "20", "4096", "200"), policy);
    Path out = launcher.logFiles("flood", 0).out();
    Await.until("1 MB written", WAIT, () -> out.toFile().length() > 1_000_000);

    logs.flush(List.of(target("flood", 1, p.pid(), policy))).get(10, TimeUnit.SECONDS);
    long right = out.toFile().length();
    Await.until("more lines after the flush", WAIT, () -> out.toFile().length() > right + 20_000);
    launcher.signalGroup(p.pid(), "KILL");
    exitOf(p).get(20, TimeUnit.SECONDS);

    assertThat(right).isLessThan(1_000_000);
    List<String> after = lines(out);
    // The first line may be the rest of one cut by the flush; every later one is whole.
    int first = Integer.parseInt(after.get(1).substring(0, 9));
    assertNumbered(after.subList(1, after.size() - 1), first, first + after.size() - 3, 20);
  }
}
