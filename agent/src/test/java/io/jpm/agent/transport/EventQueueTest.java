package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
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
}
