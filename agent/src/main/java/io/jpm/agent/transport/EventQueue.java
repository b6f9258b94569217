package io.jpm.agent.transport;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over between the supervisor loop (and the log pumps) and the publisher thread: numbers
 * each state change and each log line (two sequences per agent run, from 1) and queues it without
 * ever blocking; metrics samples have a third sequence. State changes, log lines and metrics
 * samples have separate capacities, so a flood of output never crowds out a state change. When its
 * share is full an item is dropped and counted; its seq is used up, so subscribers see the gap.
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

  /**
   * A numbered output line.
   *
   * @param seq its number in the log stream
   * @param atMs when it was captured
   */
  record LogItem(long seq, long atMs, CapturedLine line) implements Item {}

  /**
   * One instance's numbered metrics sample.
   *
   * @param seq its number in the metrics stream
   * @param atMs when it was sampled
   */
  record MetricsItem(long seq, long atMs, InstanceSnapshot snapshot) implements Item {}

  /** Counts for one heartbeat, read on the supervisor loop. */
  record HeartbeatItem(int instances, int running) implements Item {}

  /** Tells the publisher thread to finish. */
  record Stop() implements Item {}

  /** Characters of log lines that may wait for the socket at once (about 4 MiB of text). */
  static final long LINE_CHARS = 2L * 1024 * 1024;

  private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final int capacity;
  private final AtomicInteger queuedStates = new AtomicInteger();
  private final AtomicInteger queuedLines = new AtomicInteger();
  private final AtomicInteger queuedMetrics = new AtomicInteger();
  private final AtomicLong queuedLineChars = new AtomicLong();
  private final AtomicLong stateSeq = new AtomicLong();
  private final AtomicLong logSeq = new AtomicLong();
  private final AtomicLong metricsSeq = new AtomicLong();
  private final AtomicLong lastDroppedSeq = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong droppedLines = new AtomicLong();
  private final AtomicLong droppedMetrics = new AtomicLong();

  /**
   * A queue holding at most {@code capacity} state changes, {@code capacity} log lines and {@code
   * capacity} metrics samples.
   */
  EventQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Numbers and queues a state change; true when queued, false when dropped. */
  boolean offerState(
      long atMs, InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {
    long seq = stateSeq.incrementAndGet();
    if (reserve(queuedStates)) {
      queue.add(new StateItem(seq, atMs, snapshot, previous, reason, deleted));
      return true;
    }
    lastDroppedSeq.set(seq);
    dropped.incrementAndGet();
    return false;
  }

  /**
   * Numbers and queues a log line; true when queued, false when dropped. Besides the count, queued
   * lines are limited to {@link #LINE_CHARS} characters, so long lines cannot fill the heap.
   */
  boolean offerLine(long atMs, CapturedLine line) {
    long seq = logSeq.incrementAndGet();
    int chars = line.text().length();
    if (queuedLineChars.addAndGet(chars) <= LINE_CHARS) {
      if (reserve(queuedLines)) {
        queue.add(new LogItem(seq, atMs, line));
        return true;
      }
    }
    queuedLineChars.addAndGet(-chars);
    droppedLines.incrementAndGet();
    return false;
  }

  /** Numbers and queues one instance's metrics sample; true when queued, false when dropped. */
  boolean offerMetrics(long atMs, InstanceSnapshot snapshot) {
    long seq = metricsSeq.incrementAndGet();
    if (reserve(queuedMetrics)) {
      queue.add(new MetricsItem(seq, atMs, snapshot));
      return true;
    }
    droppedMetrics.incrementAndGet();
    return false;
  }

  private boolean reserve(AtomicInteger queued) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Queues a heartbeat or stop item (a few per second at most, so never refused). */
  boolean offer(Item item) {
    return queue.offer(item);
  }

  /** The next item, waiting at most {@code nanos}; null when none came. */
  Item poll(long nanos) throws InterruptedException {
    return taken(queue.poll(nanos, TimeUnit.NANOSECONDS));
  }

  /** The next item, or null at once. */
  Item poll() {
    return taken(queue.poll());
  }

  private Item taken(Item item) {
    if (item instanceof StateItem) {
      queuedStates.decrementAndGet();
    } else if (item instanceof MetricsItem) {
      queuedMetrics.decrementAndGet();
    } else if (item instanceof LogItem l) {
      queuedLines.decrementAndGet();
      queuedLineChars.addAndGet(-l.line().text().length());
    }
    return item;
  }

  /** Log lines dropped so far. */
  long droppedLines() {
    return droppedLines.get();
  }

  /** Metrics samples dropped so far. */
  long droppedMetrics() {
    return droppedMetrics.get();
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
