package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.FakeClock;
import io.jpm.controller.testing.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Fan-out with fake links and a fake clock: outcomes, timeouts, and rolling batches that stop. */
class FanOutTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static String failure(String reply) {
    return reply.startsWith("error") ? "agent said " + reply : null;
  }

  private final FakeClock clock = new FakeClock();
  private final ManualTimer timer = new ManualTimer(clock);
  private final FanOut fanOut = new FanOut(timer, clock);
  private final FakeLinks links = new FakeLinks();

  /** Hosts that answer at once, answer an error, never answer, or are not connected. */
  private static final class FakeLinks implements FanOut.HostCall<String> {
    final Map<String, CompletableFuture<String>> sent = new HashMap<>();
    final List<String> order = new ArrayList<>();
    Set<String> silent = Set.of();
    Set<String> failing = Set.of();
    Set<String> down = Set.of();
    boolean manual;

    @Override
    public CompletableFuture<String> send(String host) {
      if (down.contains(host)) {
        throw new HostNotConnectedException(host, "no heartbeat for 3s");
      }
      order.add(host);
      CompletableFuture<String> f = new CompletableFuture<>();
      sent.put(host, f);
      if (!manual && !silent.contains(host)) {
        f.complete(failing.contains(host) ? "error from " + host : "ok from " + host);
      }
      return f;
    }
  }

  @Test
  void all_mixedHosts_oneResultPerHostInNameOrder() {
    links.failing = Set.of("b");
    links.silent = Set.of("c");
    links.down = Set.of("d");

    CompletableFuture<FleetResult<String>> run =
        fanOut.all(List.of("d", "c", "b", "a"), TIMEOUT, links, FanOutTest::failure);
    assertThat(run).isNotDone();
    timer.advance(TIMEOUT);

    FleetResult<String> result = run.join();
    assertThat(result.results())
        .extracting(HostResult::host, HostResult::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", HostOutcome.OK),
            org.assertj.core.groups.Tuple.tuple("b", HostOutcome.FAILED),
            org.assertj.core.groups.Tuple.tuple("c", HostOutcome.TIMED_OUT),
            org.assertj.core.groups.Tuple.tuple("d", HostOutcome.NOT_CONNECTED));
    assertThat(result.results().get(0).reply()).isEqualTo("ok from a");
    assertThat(result.results().get(1).message()).isEqualTo("agent said error from b");
    assertThat(result.results().get(1).reply()).isEqualTo("error from b");
    assertThat(result.results().get(2).message()).isEqualTo("no answer within 60s");
    assertThat(result.results().get(2).elapsed()).isEqualTo(TIMEOUT);
    assertThat(result.results().get(3).message()).contains("d: not connected");
    assertThat(result.stoppedEarly()).isFalse();
    assertThat(result.results()).allSatisfy(r -> assertThat(r.batch()).isZero());
  }

  @Test
  void all_sendsToEveryHostBeforeAnyAnswers() {
    links.manual = true;

    CompletableFuture<FleetResult<String>> run =
        fanOut.all(List.of("a", "b", "c"), TIMEOUT, links, FanOutTest::failure);

    assertThat(links.order).containsExactly("a", "b", "c");
    clock.advance(Duration.ofMillis(1500));
    links.sent.values().forEach(f -> f.complete("ok"));
    assertThat(run.join().results())
        .allSatisfy(
            r -> {
              assertThat(r.outcome()).isEqualTo(HostOutcome.OK);
              assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(1500));
            });
    assertThat(timer.pending()).as("timeouts cancelled once answered").isZero();
  }

  @Test
  void all_answerAfterTimeout_staysTimedOut() {
    links.manual = true;
    CompletableFuture<FleetResult<String>> run =
        fanOut.all(List.of("a"), Duration.ofSeconds(2), links, FanOutTest::failure);

    timer.advance(Duration.ofSeconds(2));
    links.sent.get("a").complete("ok late");

    assertThat(run.join().results().get(0).outcome()).isEqualTo(HostOutcome.TIMED_OUT);
    assertThat(run.join().results().get(0).message()).isEqualTo("no answer within 2s");
  }

  @Test
  void all_linkFailsWithException_isFailedWithItsMessage() {
    FanOut.HostCall<String> broken =
        host -> CompletableFuture.failedFuture(new IllegalStateException("socket closed"));

    FleetResult<String> result =
        fanOut.all(List.of("a"), TIMEOUT, broken, FanOutTest::failure).join();

    assertThat(result.results().get(0).outcome()).isEqualTo(HostOutcome.FAILED);
    assertThat(result.results().get(0).message()).isEqualTo("socket closed");
  }

  @Test
  void rolling_allOk_everyBatchInOrderWithItsNumber() {
    links.manual = true;
    List<List<String>> batches = BatchSize.parse("2").batches(List.of("a", "b", "c", "d", "e"));

    CompletableFuture<FleetResult<String>> run =
        fanOut.rolling(batches, TIMEOUT, links, FanOutTest::failure);
    assertThat(links.order).as("only the first batch is sent").containsExactly("a", "b");
    links.sent.get("a").complete("ok");
    assertThat(links.order).as("b still running").containsExactly("a", "b");
    links.sent.get("b").complete("ok");
    assertThat(links.order).containsExactly("a", "b", "c", "d");
    links.sent.get("c").complete("ok");
    links.sent.get("d").complete("ok");
    links.sent.get("e").complete("ok");

    FleetResult<String> result = run.join();
    assertThat(result.allOk()).isTrue();
    assertThat(result.stoppedEarly()).isFalse();
    assertThat(result.results()).extracting(HostResult::batch).containsExactly(1, 1, 2, 2, 3);
  }

  @Test
  void rolling_failureInSecondBatch_stopsAndLeavesTheRestNotTouched() {
    links.failing = Set.of("c");
    List<List<String>> batches = BatchSize.parse("1").batches(List.of("a", "b", "c", "d", "e"));

    FleetResult<String> result =
        fanOut.rolling(batches, TIMEOUT, links, FanOutTest::failure).join();

    assertThat(links.order).containsExactly("a", "b", "c");
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.results())
        .extracting(HostResult::outcome)
        .containsExactly(
            HostOutcome.OK,
            HostOutcome.OK,
            HostOutcome.FAILED,
            HostOutcome.NOT_TOUCHED,
            HostOutcome.NOT_TOUCHED);
    assertThat(result.results().get(4).batch()).isEqualTo(5);
    assertThat(result.results().get(4).reply()).isNull();
  }

  @Test
  void rolling_failingHostInBatch_waitsForTheWholeBatchThenStops() {
    links.manual = true;
    List<List<String>> batches = BatchSize.parse("2").batches(List.of("a", "b", "c"));

    CompletableFuture<FleetResult<String>> run =
        fanOut.rolling(batches, TIMEOUT, links, FanOutTest::failure);
    links.sent.get("a").complete("error: not ready");
    assertThat(run).as("b of the same batch still runs").isNotDone();
    links.sent.get("b").complete("ok");

    FleetResult<String> result = run.join();
    assertThat(result.results())
        .extracting(HostResult::outcome)
        .containsExactly(HostOutcome.FAILED, HostOutcome.OK, HostOutcome.NOT_TOUCHED);
    assertThat(links.order).doesNotContain("c");
  }

  @Test
  void rolling_timeoutOrDownHost_alsoStopsTheRoll() {
    links.silent = Set.of("a");
    links.down = Set.of("x");
    List<List<String>> timedOut = List.of(List.of("a"), List.of("b"));
    List<List<String>> down = List.of(List.of("x"), List.of("b"));

    CompletableFuture<FleetResult<String>> first =
        fanOut.rolling(timedOut, TIMEOUT, links, FanOutTest::failure);
    timer.advance(TIMEOUT);
    FleetResult<String> second = fanOut.rolling(down, TIMEOUT, links, FanOutTest::failure).join();

    assertThat(first.join().results())
        .extracting(HostResult::outcome)
        .containsExactly(HostOutcome.TIMED_OUT, HostOutcome.NOT_TOUCHED);
    assertThat(second.results())
        .extracting(HostResult::outcome)
        .containsExactly(HostOutcome.NOT_TOUCHED, HostOutcome.NOT_CONNECTED);
    assertThat(links.order).doesNotContain("b");
  }
}
