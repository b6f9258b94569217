package io.jpm.agent.balancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The balancer thread: one Selector for every listening socket and proxied connection, a task queue
 * for calls from other threads, and timers. Everything it runs is confined to it, so the balancer
 * needs no locks; an exception in one handler closes that handler's connection only.
 */
final class BalancerLoop implements Executor {
  private static final Logger LOG = Logger.getLogger(BalancerLoop.class.getName());

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean running = true;
  private long timerSeq;

  BalancerLoop(String threadName) {
    try {
      selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for the balancer", e);
    }
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** A pending timer; {@link #cancel} stops it from running. */
  static final class Timer implements Comparable<Timer> {
    private final long dueNanos;
    private final long seq;
    private final Runnable action;
    private boolean cancelled;

    private Timer(long dueNanos, long seq, Runnable action) {
      this.dueNanos = dueNanos;
      this.seq = seq;
      this.action = action;
    }

    /** Stops the timer; a no-op once it ran. Loop thread only. */
    void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
      int byTime = Long.compare(dueNanos - o.dueNanos, 0);
      return byTime != 0 ? byTime : Long.compare(seq, o.seq);
    }
  }

  Selector selector() {
    return selector;
  }

  /** Queues a task for the balancer thread (any thread); tasks run in submission order. */
  @Override
  public void execute(Runnable task) {
    if (!running) {
      throw new RejectedExecutionException("the balancer is closed");
    }
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs {@code work} on the balancer thread; its exception completes the result exceptionally. */
  <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> out = new CompletableFuture<>();
    if (!running) {
      return CompletableFuture.failedFuture(
          new RejectedExecutionException("the balancer is closed"));
    }
    execute(
        () -> {
          try {
            var unused = work.get().whenComplete((v, e) -> complete(out, v, e));
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }

  private static <T> void complete(CompletableFuture<T> out, T value, Throwable error) {
    if (error != null) {
      out.completeExceptionally(error);
    } else {
      out.complete(value);
    }
  }

  /** Runs {@code action} on the balancer thread after {@code delay}. Loop thread only. */
  Timer schedule(Duration delay, Runnable action) {
    Timer timer = new Timer(System.nanoTime() + delay.toNanos(), timerSeq++, action);
    timers.add(timer);
    return timer;
  }

  boolean running() {
    return running;
  }

  /** Stops the thread after closing every channel it watches; completes once it has. */
  CompletableFuture<Void> stop() {
    running = false;
    selector.wakeup();
    return stopped;
  }

  private void run() {
    try {
      while (running) {
        selector.select(this::dispatch, millisToNextTimer());
        runTasks();
        runDueTimers();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "balancer thread failed; every balanced port is closed", e);
    } finally {
      closeAll();
      stopped.complete(null);
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return; // cancelled by another handler earlier in this round
    }
    Selectable handler = (Selectable) key.attachment();
    try {
      handler.onReady(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "balancer handler failed; closing its connection", e);
      handler.abort();
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "balancer task failed", e);
      }
    }
  }

  private void runDueTimers() {
    long now = System.nanoTime();
    Timer next;
    while ((next = timers.peek()) != null && next.dueNanos - now <= 0) {
      timers.poll();
      if (!next.cancelled) {
        next.cancelled = true;
        try {
          next.action.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "balancer timer failed", e);
        }
      }
    }
  }

  /**
   * 0 (block until woken) without timers, else at least 1 ms, since select takes 0 as forever. A
   * task queued since the last poll needs nothing here: its wakeup() makes the next select return.
   */
  private long millisToNextTimer() {
    while (!timers.isEmpty() && timers.peek().cancelled) {
      timers.poll();
    }
    Timer next = timers.peek();
    if (next == null) {
      return 0;
    }
    long nanos = next.dueNanos - System.nanoTime();
    return Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  private void closeAll() {
    for (SelectionKey key : selector.keys()) {
      try {
        ((Selectable) key.attachment()).abort();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "closing a balancer channel failed", e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the balancer selector failed", e);
    }
  }
}
