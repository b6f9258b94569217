package io.jpm.agent.supervision;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real {@link Scheduler}: a timer thread that hands each due task to the loop. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
  private final ScheduledExecutorService timers;
  private final Executor loop;

  /** Schedules onto a daemon timer thread and runs tasks on {@code loop}. */
  public ExecutorScheduler(Executor loop) {
    this.loop = loop;
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-timers");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> f =
        timers.schedule(() -> loop.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  /** Runs {@code task} on the loop every {@code period}, for heartbeats and sampling. */
  public Cancellable every(Duration period, Runnable task) {
    ScheduledFuture<?> f =
        timers.scheduleAtFixedRate(
            () -> loop.execute(task), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    timers.shutdownNow();
  }
}
