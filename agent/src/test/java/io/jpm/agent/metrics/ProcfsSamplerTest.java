package io.jpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.UsageMeter.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcfsSampler's sums and CPU deltas over a fake /proc tree, with time passed in by hand. */
class ProcfsSamplerTest {
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path proc;

  private ProcfsSampler sampler;

  @BeforeEach
  void setUp() {
    // Never started: the test drives sample() itself.
    sampler = new ProcfsSampler(proc, Duration.ofSeconds(1));
  }

  @Test
  void sample_groupOfTwo_sumsResidentMemoryAndStartsCpuAtZero() throws IOException {
    process(100, 100, 10, 5, 1000, 250);
    process(101, 100, 3, 2, 1100, 50);
    process(200, 200, 7, 7, 900, 999);
    Files.createDirectories(proc.resolve("self"));
    sampler.track(100);

    sampler.sample(0);

    assertThat(sampler.of(100)).isEqualTo(new Usage(0, (250 + 50) * 4096L));
    assertThat(sampler.of(200)).isEqualTo(Usage.NONE);
  }

  @Test
  void sample_secondScan_cpuIsTickGrowthOverWallTime() throws IOException {
    process(100, 100, 10, 5, 1000, 250);
    process(101, 100, 3, 2, 1100, 50);
    sampler.track(100);
    sampler.sample(0);

    process(100, 100, 40, 5, 1000, 250);
    process(101, 100, 13, 2, 1100, 50);
    sampler.sample(2 * SECOND);

    // (30 + 10) ticks = 0.4 s of CPU in 2 s of wall time.
    assertThat(sampler.of(100).cpuPercent()).isCloseTo(20.0, within());
  }

  @Test
  void sample_memberNewOrPidReused_countsAllItsTicks() throws IOException {
    process(100, 100, 10, 0, 1000, 1);
    process(101, 100, 50, 0, 1100, 1);
    sampler.track(100);
    sampler.sample(0);

    process(101, 100, 5, 0, 1200, 1);
    process(102, 100, 20, 5, 1300, 1);
    sampler.sample(SECOND);

    assertThat(sampler.of(100).cpuPercent()).isCloseTo(30.0, within());
  }

  @Test
  void sample_memberGone_doesNotGoNegative() throws IOException {
    process(100, 100, 10, 0, 1000, 1);
    process(101, 100, 500, 0, 1100, 1);
    sampler.track(100);
    sampler.sample(0);

    Files.delete(proc.resolve("101/stat"));
    Files.delete(proc.resolve("101/statm"));
    Files.delete(proc.resolve("101"));
    sampler.sample(SECOND);

    assertThat(sampler.of(100)).isEqualTo(new Usage(0, 4096));
  }

  @Test
  void untrack_afterSamples_forgetsTheFigures() throws IOException {
    process(100, 100, 10, 0, 1000, 8);
    sampler.track(100);
    sampler.sample(0);
    assertThat(sampler.of(100).rssBytes()).isEqualTo(8 * 4096L);

    sampler.untrack(100);
    sampler.sample(SECOND);

    assertThat(sampler.of(100)).isEqualTo(Usage.NONE);
  }

  @Test
  void sample_trackedGroupWithoutProcesses_reportsZero() {
    sampler.track(4321);

    sampler.sample(0);

    assertThat(sampler.of(4321)).isEqualTo(new Usage(0, 0));
  }

  private void process(long pid, long pgrp, long utime, long stime, long start, long pages)
      throws IOException {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    Files.writeString(
        dir.resolve("stat"),
        pid
            + " (worker x) S 1 "
            + pgrp
            + " "
            + pgrp
            + " 0 -1 4194304 0 0 0 0 "
            + utime
            + " "
            + stime
            + " 0 0 20 0 1 0 "
            + start
            + " 1000000 "
            + pages
            + " 0\n");
    Files.writeString(dir.resolve("statm"), "2000 " + pages + " 10 1 0 100 0\n");
  }

  private static Offset<Double> within() {
    return Offset.offset(1e-9);
  }
}
