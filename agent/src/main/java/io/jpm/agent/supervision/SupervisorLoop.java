package io.jpm.agent.supervision;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that owns the process table. Everything that touches the {@link Supervisor}
 * (commands, process exits, timers) is queued here and run in order, so the domain needs no locks
 * (Supervisor's and s6's single loop).
 */
public final class SupervisorLoop implements Executor, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SupervisorLoop.class.getName());

  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  /** Starts the loop thread. */
  public SupervisorLoop() {
    thread = new Thread(this::run, "jpm-supervisor");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues a task for the loop thread; tasks run one at a time in submission order. */
  @Override
  public void execute(Runnable task) {
    if (!closed) {
      queue.add(task);
    }
  }

  /**
   * Runs {@code work} on the loop thread and returns its result. An exception thrown by {@code
   * work} completes the returned future exceptionally.
   */
  public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> work) {
    CompletableFuture<T> out = new CompletableFuture<>();
    execute(
        () -> {
          try {
            propagate(work.get(), out);
          } catch (RuntimeException e) {
            out.completeExceptionally(e);
          }
        });
    return out;
  }

  private static <T> void propagate(CompletableFuture<T> from, CompletableFuture<T> to) {
    var unused =
        from.whenComplete(
            (value, error) -> {
              if (error != null) {
                to.completeExceptionally(error);
              } else {
                to.complete(value);
              }
            });
  }

  /** True when the caller is the loop thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  private void run() {
    while (!closed) {
      Runnable task;
      try {
        task = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // A bug in one task must not kill supervision of every other process.
        LOG.log(Level.SEVERE, "supervisor task failed", e);
      }
    }
  }

  /**
   * Stops the loop after the task running now; queued and later tasks are dropped. A task may call
   * it to make itself the last one (the persistence freezes supervision that way before a
   * handover).
   */
  @Override
  public void close() {
    closed = true;
    if (!inLoop()) {
      // Wakes the loop from take(); the loop thread itself needs no wake-up, and an interrupt
      // would break the rest of the calling task's I/O.
      thread.interrupt();
    }
  }
}
