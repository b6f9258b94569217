package io.jpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.UsageMeter.Usage;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcfsSampler against real process groups: memory and CPU of every member are counted. */
class ProcfsSamplerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long MIB = 1024 * 1024;

  @TempDir Path dir;
  private final TestProcesses processes = new TestProcesses();
  private ProcfsSampler sampler;

  @BeforeEach
  void setUp() {
    sampler = new ProcfsSampler(Duration.ofMillis(50));
    sampler.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    sampler.close();
    processes.killAll();
  }

  @Test
  void of_groupHoldingMemoryInAChild_countsTheChildsResidentMemory() throws Exception {
    // The leader is a small sh; a child in its group holds 60 MiB in a shell variable.
    long leader =
        start(
            "sh -c 'x=$(head -c 62914560 /dev/zero | tr \"\\0\" a); echo started; sleep 300'"
                + " & wait");
    sampler.track(leader);

    Await.until("group RSS above 50 MiB", WAIT, () -> sampler.of(leader).rssBytes() > 50 * MIB);
    assertThat(residentBytes(leader)).isLessThan(20 * MIB);
  }

  @Test
  void of_busyProcess_showsCpuAndRss() throws Exception {
    long leader = start("echo started; while :; do :; done");
    sampler.track(leader);

    Await.until(
        "CPU and RSS of a busy loop",
        WAIT,
        () -> {
          Usage u = sampler.of(leader);
          return u.cpuPercent() > 0 && u.rssBytes() > 0;
        });
  }

  @Test
  void of_untrackedProcess_isNone() throws Exception {
    long leader = start("echo started; exec sleep 300");
    sampler.track(leader);
    Await.until("a sample", WAIT, () -> sampler.of(leader).rssBytes() > 0);

    sampler.untrack(leader);

    assertThat(sampler.of(leader).rssBytes()).isZero();
  }

  /** Starts {@code script} in a group of its own and returns once it has printed a line. */
  private long start(String script) throws IOException {
    Path out = Files.createTempFile(dir, "out", ".log");
    Process p =
        new ProcessBuilder(List.of("setsid", "sh", "-c", script))
            .redirectOutput(out.toFile())
            .redirectErrorStream(true)
            .start();
    processes.register(p.pid());
    Await.until("process started", WAIT, () -> size(out) > 0);
    return p.pid();
  }

  private static long residentBytes(long pid) throws IOException {
    String statm = Files.readString(Path.of("/proc", Long.toString(pid), "statm"));
    return Long.parseLong(statm.split(" ", 3)[1]) * 4096;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
