package io.jpm.agent.launch;

import io.jpm.agent.metrics.ProcStat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Notices the exit of processes that are not this JVM's children (adopted from a previous agent),
 * whose status cannot be waited for: ONE thread polls /proc/&lt;pid&gt;/stat for all of them (the
 * JDK's ProcessHandle.onExit would start a thread per pid, java-stack.md §4.2). A process has
 * exited when its stat is gone, shows a zombie, or belongs to a later process (another start time).
 */
final class ExitPoller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ExitPoller.class.getName());

  private record Watched(long startTicks, Runnable onExit) {}

  private final long periodMillis;
  private final Map<Long, Watched> watched = new ConcurrentHashMap<>();
  private ScheduledExecutorService thread;

  /** A poller checking every {@code periodMillis}. */
  ExitPoller(long periodMillis) {
    this.periodMillis = periodMillis;
  }

  /** Calls {@code onExit} once, on the poller thread, after {@code pid} has exited. */
  synchronized void watch(long pid, long startTicks, Runnable onExit) {
    if (thread == null) {
      thread =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "jpm-adopted-exits");
                t.setDaemon(true);
                return t;
              });
      var unused =
          thread.scheduleWithFixedDelay(
              this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }
    watched.put(pid, new Watched(startTicks, onExit));
  }

  /** True when {@code pid} runs as the process that started at {@code startTicks}. */
  static boolean isRunning(long pid, long startTicks) {
    Optional<ProcStat> stat = ProcStat.read(pid);
    return stat.isPresent() && !stat.get().isZombie() && stat.get().starttime() == startTicks;
  }

  private void poll() {
    for (Map.Entry<Long, Watched> e : watched.entrySet()) {
      if (!isRunning(e.getKey(), e.getValue().startTicks())
          && watched.remove(e.getKey(), e.getValue())) {
        try {
          e.getValue().onExit().run();
        } catch (RuntimeException ex) {
          LOG.log(Level.SEVERE, "exit callback of adopted pid " + e.getKey() + " failed", ex);
        }
      }
    }
  }

  /** Stops polling; pending callbacks are never called. */
  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
