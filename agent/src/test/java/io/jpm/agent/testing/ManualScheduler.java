package io.jpm.agent.testing;

import io.jpm.agent.supervision.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler driven by a {@link FakeClock}: tasks run when the test advances time. */
public final class ManualScheduler implements Scheduler {
  private final FakeClock clock;
  private final List<Task> tasks = new ArrayList<>();
  private long sequence;

  private static final class Task {
    final Instant due;
    final long order;
    final Runnable body;
    boolean cancelled;

    Task(Instant due, long order, Runnable body) {
      this.due = due;
      this.order = order;
      this.body = body;
    }
  }

  /** A scheduler on {@code clock}. */
  public ManualScheduler(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.instant().plus(delay), sequence++, task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Advances the clock by {@code d}, running due tasks in time order. */
  public void advance(Duration d) {
    Instant end = clock.instant().plus(d);
    while (true) {
      Task next =
          tasks.stream()
              .filter(t -> !t.cancelled && !t.due.isAfter(end))
              .min(Comparator.comparing((Task t) -> t.due).thenComparingLong(t -> t.order))
              .orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      if (next.due.isAfter(clock.instant())) {
        clock.advance(Duration.between(clock.instant(), next.due));
      }
      next.body.run();
    }
    if (end.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), end));
    }
  }

  /** Number of pending, uncancelled tasks. */
  public long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
