package io.jpm.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** One report hands the loop's snapshots to every sink, in order; a failed read reaches none. */
class MetricsReporterTest {
  private static final InstanceSnapshot API =
      new InstanceSnapshot(
          1,
          "api",
          "default",
          0,
          7,
          ProcessState.RUNNING,
          true,
          0,
          0,
          10,
          1,
          2,
          null,
          Instant.EPOCH);

  @Test
  void report_snapshots_reachEverySinkInOrder() throws Exception {
    List<String> calls = new ArrayList<>();
    MetricsReporter reporter =
        new MetricsReporter(
            Duration.ofSeconds(1),
            () -> CompletableFuture.completedFuture(List.of(API)),
            List.of(
                s -> calls.add("meters " + s.size()), s -> calls.add("feed " + s.get(0).name())));

    reporter.report();

    assertThat(calls).containsExactly("meters 1", "feed api");
  }

  @Test
  void report_loopFails_noSinkIsCalled() {
    List<List<InstanceSnapshot>> seen = new ArrayList<>();
    MetricsReporter reporter =
        new MetricsReporter(
            Duration.ofSeconds(1),
            () -> CompletableFuture.failedFuture(new IllegalStateException("loop closed")),
            List.of(seen::add));

    assertThatThrownBy(reporter::report).isInstanceOf(ExecutionException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void new_zeroInterval_isRefused() {
    assertThatThrownBy(
            () ->
                new MetricsReporter(
                    Duration.ZERO, () -> CompletableFuture.completedFuture(List.of()), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
