package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.transport.EventQueue.LogItem;
import io.jpm.agent.transport.EventQueue.MetricsItem;
import io.jpm.agent.transport.EventQueue.StateItem;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Numbering, dropping and counting of state changes on their way to the PUB socket. */
class EventQueueTest {
  private static final InstanceSnapshot SNAPSHOT =
      new InstanceSnapshot(
          0,
          "api",
          "default",
          0,
          0,
          ProcessState.STOPPED,
          false,
          0,
          0,
          0,
          0,
          0,
          null,
          Instant.EPOCH);

  private static boolean offer(EventQueue q) {
    return q.offerState(1, SNAPSHOT, ProcessState.STARTING, "r", false);
  }

  @Test
  void offerState_withRoom_numbersFromOneInOrder() {
    EventQueue q = new EventQueue(10);

    offer(q);
    offer(q);

    assertThat(((StateItem) q.poll()).seq()).isEqualTo(1);
    assertThat(((StateItem) q.poll()).seq()).isEqualTo(2);
    assertThat(q.poll()).isNull();
    assertThat(q.dropped()).isZero();
  }

  @Test
  void offerState_full_dropsCountsAndLeavesAGapInSeq() {
    EventQueue q = new EventQueue(2);

    assertThat(offer(q)).isTrue();
    assertThat(offer(q)).isTrue();
    assertThat(offer(q)).isFalse();
    assertThat(offer(q)).isFalse();
    q.poll();
    assertThat(offer(q)).isTrue();

    assertThat(q.dropped()).isEqualTo(2);
    assertThat(q.lastDroppedSeq()).isEqualTo(4);
    assertThat(((StateItem) q.poll()).seq()).isEqualTo(2);
    assertThat(((StateItem) q.poll()).seq()).isEqualTo(5);
  }

  private static final CapturedLine LINE =
      new CapturedLine("api", 0, 0, LogStream.OUT, "hello", false);

  @Test
  void offerLine_linesFull_dropsLinesButStateChangesStillFit() {
    EventQueue q = new EventQueue(2);

    assertThat(q.offerLine(1, LINE)).isTrue();
    assertThat(q.offerLine(1, LINE)).isTrue();
    assertThat(q.offerLine(1, LINE)).isFalse();
    assertThat(offer(q)).isTrue();

    assertThat(q.droppedLines()).isEqualTo(1);
    assertThat(q.dropped()).isZero();
    assertThat(((LogItem) q.poll()).seq()).isEqualTo(1);
    assertThat(((LogItem) q.poll()).seq()).isEqualTo(2);
    assertThat(((StateItem) q.poll()).seq()).isEqualTo(1);
    assertThat(q.offerLine(1, LINE)).isTrue();
    assertThat(((LogItem) q.poll()).seq()).isEqualTo(4);
  }

  @Test
  void offerLine_longLinesPastTheCharacterBudget_areDropped() {
    EventQueue q = new EventQueue(1_000);
    String text = "x".repeat(16 * 1024);
    CapturedLine big = new CapturedLine("api", 0, 0, LogStream.OUT, text, true);
    int fit = (int) (EventQueue.LINE_CHARS / text.length());

    for (int i = 0; i < fit; i++) {
      assertThat(q.offerLine(1, big)).isTrue();
    }
    assertThat(q.offerLine(1, big)).isFalse();
    q.poll();
    assertThat(q.offerLine(1, big)).isTrue();
  }

  @Test
  void offerMetrics_ownSeqAndShare_fullDropsOnlySamples() {
    EventQueue q = new EventQueue(2);

    assertThat(q.offerMetrics(7, SNAPSHOT)).isTrue();
    assertThat(q.offerMetrics(7, SNAPSHOT)).isTrue();
    assertThat(q.offerMetrics(7, SNAPSHOT)).isFalse();
    assertThat(offer(q)).isTrue();

    assertThat(q.droppedMetrics()).isEqualTo(1);
    assertThat(q.dropped()).isZero();
    MetricsItem first = (MetricsItem) q.poll();
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.atMs()).isEqualTo(7);
    assertThat(((MetricsItem) q.poll()).seq()).isEqualTo(2);
    assertThat(((StateItem) q.poll()).seq()).isEqualTo(1);
    assertThat(q.offerMetrics(7, SNAPSHOT)).isTrue();
    assertThat(((MetricsItem) q.poll()).seq()).isEqualTo(4);
  }
}
