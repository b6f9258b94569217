package io.jpm.agent.monitoring;

import io.jpm.agent.supervision.InstanceSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Once per sampling interval, takes the snapshots of every instance from the supervisor loop (they
 * carry the latest CPU and memory samples) and hands them to each sink: the Prometheus meters and
 * the event feed's {@code metrics.*} topics.
 *
 * <p>Runs on its own daemon thread, {@code jpm-metrics}; the loop only builds the snapshot list, so
 * a slow sink never delays supervision.
 */
public final class MetricsReporter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MetricsReporter.class.getName());

  private final Duration interval;
  private final Supplier<CompletableFuture<List<InstanceSnapshot>>> source;
  private final List<Consumer<List<InstanceSnapshot>>> sinks;
  private final ScheduledExecutorService thread;

  /**
   * A reporter; nothing runs until {@link #start()}.
   *
   * @param source every instance's snapshot, built on the supervisor loop thread
   * @param sinks told, in order, on the reporter thread; each must not block for long
   */
  public MetricsReporter(
      Duration interval,
      Supplier<CompletableFuture<List<InstanceSnapshot>>> source,
      List<Consumer<List<InstanceSnapshot>>> sinks) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("metrics interval must be positive, got " + interval);
    }
    this.interval = interval;
    this.source = source;
    this.sinks = List.copyOf(sinks);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-metrics");
              t.setDaemon(true);
              return t;
            });
  }

  /** Reports every interval, the first time one interval from now. */
  public void start() {
    var unused =
        thread.scheduleAtFixedRate(
            this::reportSafely, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** One report: snapshots from the loop, then every sink. */
  void report() throws InterruptedException, ExecutionException, TimeoutException {
    // Bounded: during shutdown the loop may never run the task.
    List<InstanceSnapshot> snapshots =
        source.get().get(Math.max(interval.toMillis(), 1000), TimeUnit.MILLISECONDS);
    for (Consumer<List<InstanceSnapshot>> sink : sinks) {
      sink.accept(snapshots);
    }
  }

  private void reportSafely() {
    try {
      report();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The loop is closing or busy: this interval goes unreported, the next one catches up.
      LOG.log(Level.FINE, "no snapshots for this metrics interval", e);
    } catch (RuntimeException e) {
      // An exception would cancel the periodic task and freeze every figure for good.
      LOG.log(Level.WARNING, "reporting metrics failed", e);
    }
  }

  /** Stops reporting. */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
