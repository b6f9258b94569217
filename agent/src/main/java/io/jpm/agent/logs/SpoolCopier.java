package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that copies every spool into its log file. It learns that a spool grew from the
 * file system (inotify through {@link WatchService}, on a small thread of its own), and also checks
 * every spool a few times a second in case an event was missed. One thread keeps the copies of all
 * apps in a single order, needs one buffer, and never blocks an app: apps write to their spools,
 * not to the agent.
 *
 * <p>A flooding app gets a bounded number of chunks per turn, so it cannot starve the others.
 */
final class SpoolCopier implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SpoolCopier.class.getName());
  private static final long SWEEP_MS = 250;
  private static final int CHUNKS_PER_TURN = 16;
  private static final long STACK_BYTES = 256 * 1024;

  private final WatchService watcher;
  private final Thread watchThread;
  private final Thread copyThread;
  private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
  private final Map<String, Spool> spools = new ConcurrentHashMap<>();
  private final byte[] buffer = new byte[LineFramer.OUT_CAPACITY];
  private volatile boolean running = true;
  private long failures;

  /** A copier for the spools in {@code dir}, started. */
  SpoolCopier(Path dir) throws IOException {
    this.watcher = dir.getFileSystem().newWatchService();
    dir.register(watcher, StandardWatchEventKinds.ENTRY_MODIFY);
    this.watchThread = new Thread(null, this::watch, "jpm-log-watch", STACK_BYTES);
    this.copyThread = new Thread(null, this::copyLoop, "jpm-log-copy", STACK_BYTES);
    watchThread.setDaemon(true);
    copyThread.setDaemon(true);
    watchThread.start();
    copyThread.start();
  }

  /**
   * Starts copying {@code spool}, first redoing what its journal says may be half done.
   *
   * @param ended the process is gone already: copy it all, then retire it
   */
  CompletableFuture<Void> add(Spool spool, boolean ended) {
    return submit(
        () -> {
          spool.open();
          if (ended) {
            spool.retire(buffer);
          } else {
            spools.put(spool.name, spool);
            copy(spool);
          }
        });
  }

  /** The spool's process is gone: copies the rest, then retires it. */
  CompletableFuture<Void> end(Spool spool) {
    return submit(
        () -> {
          if (spools.remove(spool.name, spool)) {
            spool.retire(buffer);
          }
        });
  }

  /** Stops copying everything, leaving spools and journals for the next agent. */
  @Override
  public void close() {
    CompletableFuture<Void> done =
        submit(
            () -> {
              spools.values().forEach(Spool::close);
              spools.clear();
              running = false;
            });
    try {
      done.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.WARNING, "the log copier did not stop cleanly", e);
      running = false;
    }
    try {
      watcher.close();
    } catch (IOException e) {
      LOG.fine(() -> "closing the watch service: " + e);
    }
  }

  /** Work for the copy thread; the future completes when it ran (exceptionally if it failed). */
  private CompletableFuture<Void> submit(IoTask task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    tasks.add(
        () -> {
          try {
            task.run();
            done.complete(null);
          } catch (IOException | RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  private interface IoTask {
    void run() throws IOException;
  }

  private void copyLoop() {
    long lastSweep = System.nanoTime();
    while (running) {
      try {
        Runnable task = tasks.poll(SWEEP_MS, TimeUnit.MILLISECONDS);
        if (task != null) {
          task.run();
        }
        if (System.nanoTime() - lastSweep > TimeUnit.MILLISECONDS.toNanos(SWEEP_MS)) {
          lastSweep = System.nanoTime();
          for (Spool s : new ArrayList<>(spools.values())) {
            markDirty(s);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "log copier task failed", e);
      }
    }
  }

  /** Copies a turn's worth of {@code spool}; queues another turn when more is waiting. */
  private void copy(Spool spool) {
    spool.dirty.set(false);
    try {
      if (spool.copy(buffer, CHUNKS_PER_TURN, false)) {
        markDirty(spool);
      }
    } catch (IOException e) {
      // Kept in the spool: the next event or sweep tries again (e.g. once the disk has room).
      if (failures++ % 1000 == 0) {
        LOG.warning("cannot copy " + spool.path + " to " + spool.writer.file() + ": " + e);
      }
    }
  }

  private void markDirty(Spool spool) {
    if (spool.dirty.compareAndSet(false, true)) {
      tasks.add(
          () -> {
            if (spools.get(spool.name) == spool) {
              copy(spool);
            }
          });
    }
  }

  private void watch() {
    while (running) {
      WatchKey key;
      try {
        key = watcher.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      List<Spool> grown = new ArrayList<>();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
          grown.addAll(spools.values());
        } else if (event.context() instanceof Path p) {
          Spool s = spools.get(p.toString());
          if (s != null) {
            grown.add(s);
          }
        }
      }
      grown.forEach(this::markDirty);
      key.reset();
    }
  }
}
