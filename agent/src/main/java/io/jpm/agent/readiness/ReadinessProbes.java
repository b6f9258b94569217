package io.jpm.agent.readiness;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogSink;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.ReadinessProbe;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The real {@link ReadinessProbe}: TCP and HTTP checks are tried every {@link #INTERVAL} on a small
 * pool of daemon threads ({@code jpm-readiness-N}) until they pass or are cancelled; LOG checks
 * watch the stdout lines the output capture hands to this {@link LogSink}.
 *
 * <p>A reload's replacement shares its instance id with the process it replaces, and captured lines
 * do not say which process wrote them: a matching line the old process prints while its replacement
 * starts counts for the replacement too.
 */
public final class ReadinessProbes implements ReadinessProbe, LogSink, AutoCloseable {
  /** Time between two attempts of a TCP or HTTP check. */
  public static final Duration INTERVAL = Duration.ofMillis(100);

  private static final int THREADS = 2;

  private final ScheduledExecutorService pool;
  private final Map<Integer, List<LogWatch>> logWatches = new ConcurrentHashMap<>();

  /** One LOG check waiting for its line. */
  private record LogWatch(String app, Pattern pattern, Listener listener, AtomicBoolean done) {}

  /** Starts the probing threads. */
  public ReadinessProbes() {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newScheduledThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "jpm-readiness-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Scheduler.Cancellable start(Target target, Listener listener) {
    ReadyCheck check = target.check();
    return switch (check.kind()) {
      case TCP -> poll(listener, () -> PortChecks.tcp(target.port()));
      case HTTP -> poll(listener, () -> PortChecks.http(target.port(), check.argument()));
      case LOG -> watchLog(target, listener);
    };
  }

  /**
   * Matches stdout lines against the LOG checks of their instance. Called on the log copier thread.
   */
  @Override
  public void line(CapturedLine line) {
    List<LogWatch> watches = logWatches.get(line.id());
    if (watches == null || line.stream() != LogStream.OUT) {
      return;
    }
    for (LogWatch w : watches) {
      if (w.app().equals(line.app())
          && w.pattern().matcher(line.text()).find()
          && w.done().compareAndSet(false, true)) {
        forget(line.id(), w);
        w.listener().ready();
      }
    }
  }

  /** Only stdout lines of instances with a LOG check waiting. */
  @Override
  public boolean wants(String app, int id, int index, LogStream stream) {
    return stream == LogStream.OUT && logWatches.containsKey(id);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** One attempt of a check: null when it passed, else why not. */
  private interface Attempt {
    String run();
  }

  /**
   * Tries {@code attempt} at once, then every {@link #INTERVAL} after the previous try ended, until
   * it passes or the returned handle is cancelled.
   */
  private Scheduler.Cancellable poll(Listener listener, Attempt attempt) {
    Polling p = new Polling(listener, attempt);
    p.schedule(0);
    return p;
  }

  /** One TCP or HTTP check being polled. */
  private final class Polling implements Scheduler.Cancellable {
    private final Listener listener;
    private final Attempt attempt;
    private final AtomicBoolean over = new AtomicBoolean();
    private String last;
    private volatile ScheduledFuture<?> next;

    Polling(Listener listener, Attempt attempt) {
      this.listener = listener;
      this.attempt = attempt;
    }

    void schedule(long delayMillis) {
      if (!over.get()) {
        try {
          next = pool.schedule(this::tryOnce, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          // The agent is closing: nobody waits for the verdict any more.
        }
      }
    }

    private void tryOnce() {
      if (over.get()) {
        return;
      }
      String problem = attempt.run();
      if (problem == null) {
        if (over.compareAndSet(false, true)) {
          listener.ready();
        }
        return;
      }
      if (!problem.equals(last)) {
        last = problem;
        listener.notYet(problem);
      }
      schedule(INTERVAL.toMillis());
    }

    @Override
    public void cancel() {
      over.set(true);
      ScheduledFuture<?> f = next;
      if (f != null) {
        f.cancel(false);
      }
    }
  }

  private Scheduler.Cancellable watchLog(Target target, Listener listener) {
    LogWatch w =
        new LogWatch(target.app(), target.check().pattern(), listener, new AtomicBoolean());
    logWatches.computeIfAbsent(target.id(), id -> new CopyOnWriteArrayList<>()).add(w);
    listener.notYet("no stdout line has matched /" + target.check().argument() + "/ yet");
    return () -> {
      w.done().set(true);
      forget(target.id(), w);
    };
  }

  private void forget(int id, LogWatch w) {
    logWatches.computeIfPresent(
        id,
        (k, list) -> {
          list.remove(w);
          return list.isEmpty() ? null : list;
        });
  }
}
