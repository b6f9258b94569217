package io.jpm.controller.testing;

import io.jpm.agent.testing.FakeClock;
import io.jpm.controller.fleet.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A {@link Timer} whose tasks run when the test advances its {@link FakeClock}. */
public final class ManualTimer implements Timer {
  private final FakeClock clock;
  private final List<Task> tasks = new ArrayList<>();

  private static final class Task {
    final Instant at;
    final Runnable run;
    boolean cancelled;

    Task(Instant at, Runnable run) {
      this.at = at;
      this.run = run;
    }
  }

  /** A timer on {@code clock}. */
  public ManualTimer(FakeClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Runnable schedule(Duration delay, Runnable task) {
    Task t = new Task(clock.instant().plus(delay), task);
    tasks.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves the clock on by {@code d} and runs every task now due, in due order. */
  public void advance(Duration d) {
    clock.advance(d);
    List<Task> due = new ArrayList<>();
    synchronized (this) {
      for (Task t : List.copyOf(tasks)) {
        if (!t.at.isAfter(clock.instant())) {
          tasks.remove(t);
          if (!t.cancelled) {
            due.add(t);
          }
        }
      }
    }
    due.sort((a, b) -> a.at.compareTo(b.at));
    due.forEach(t -> t.run.run());
  }

  /** Tasks not yet run nor cancelled. */
  public synchronized long pending() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }
}
