package io.jpm.agent.transport;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over between the supervisor loop and the publisher thread: numbers each state change
 * (seq per agent run, from 1) and queues it without ever blocking. When the queue is full the
 * change is dropped and counted; its seq is used up, so subscribers see the gap and re-list.
 */
final class EventQueue {

  /** Work for the publisher thread. */
  sealed interface Item {}

  /**
   * A numbered state change.
   *
   * @param seq its number in the state stream
   * @param atMs when it happened
   */
  record StateItem(
      long seq,
      long atMs,
      InstanceSnapshot snapshot,
      ProcessState previous,
      String reason,
      boolean deleted)
      implements Item {}

  /** Counts for one heartbeat, read on the supervisor loop. */
  record HeartbeatItem(int instances, int running) implements Item {}

  /** Tells the publisher thread to finish. */
  record Stop() implements Item {}

  private final BlockingQueue<Item> queue;
  private final AtomicLong stateSeq = new AtomicLong();
  private final AtomicLong lastDroppedSeq = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  /** A queue holding at most {@code capacity} items. */
  EventQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /** Numbers and queues a state change; true when queued, false when dropped. */
  boolean offerState(
      long atMs, InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {
    long seq = stateSeq.incrementAndGet();
    if (queue.offer(new StateItem(seq, atMs, snapshot, previous, reason, deleted))) {
      return true;
    }
    lastDroppedSeq.set(seq);
    dropped.incrementAndGet();
    return false;
  }

  /** Queues a heartbeat or stop item; false when the queue is full. */
  boolean offer(Item item) {
    return queue.offer(item);
  }

  /** The next item, waiting at most {@code nanos}; null when none came. */
  Item poll(long nanos) throws InterruptedException {
    return queue.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** The next item, or null at once. */
  Item poll() {
    return queue.poll();
  }

  /** State changes dropped so far. */
  long dropped() {
    return dropped.get();
  }

  /** The seq of the last dropped state change, 0 if none. */
  long lastDroppedSeq() {
    return lastDroppedSeq.get();
  }
}
