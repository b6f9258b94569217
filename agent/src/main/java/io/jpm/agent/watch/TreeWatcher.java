package io.jpm.agent.watch;

import io.jpm.agent.supervision.FileWatch;
import io.jpm.agent.supervision.WatchPolicy;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The {@link FileWatch} of the agent: inotify through the JDK's {@link WatchService} (one for all
 * apps, on thread {@code jpm-watch}), every directory under the watched paths registered, new ones
 * as they appear, ignored ones never. A change is reported once no other came for the policy's
 * delay (thread {@code jpm-watch-debounce}), naming the last changed file. The watch service and
 * both threads start with the first watch: most agents watch nothing, and each idle inotify
 * instance and thread is memory (and inotify instances are limited per user).
 */
public final class TreeWatcher implements FileWatch, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TreeWatcher.class.getName());

  private final Map<WatchKey, List<AppWatch>> byKey = new ConcurrentHashMap<>();
  // Set once, by the first watch (under this); read by the watch thread after it started.
  private volatile WatchService service;
  private volatile ScheduledExecutorService debounce;
  private boolean closed;

  /** A watcher; nothing runs until the first {@link #watch}. */
  public TreeWatcher() {}

  /** Starts the watch service and threads unless they run; false once closed or on failure. */
  private synchronized boolean started() {
    if (closed) {
      return false;
    }
    if (service == null) {
      try {
        service = FileSystems.getDefault().newWatchService();
      } catch (IOException e) {
        LOG.warning("watch: cannot start a watch service: " + e.getMessage());
        return false;
      }
      debounce =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "jpm-watch-debounce");
                t.setDaemon(true);
                return t;
              });
      Thread thread = new Thread(this::run, "jpm-watch");
      thread.setDaemon(true);
      thread.start();
    }
    return true;
  }

  @Override
  public Watching watch(Path cwd, WatchPolicy policy, Consumer<String> changed) {
    AppWatch w = new AppWatch(cwd, policy, changed);
    if (!started()) {
      return w::close;
    }
    for (String p : policy.paths()) {
      Path root = cwd.resolve(p).normalize();
      register(w, Files.isDirectory(root) ? root : root.getParent());
    }
    return w::close;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (service == null) {
      return;
    }
    try {
      service.close();
    } catch (IOException e) {
      LOG.fine(() -> "closing the watch service: " + e);
    }
    debounce.shutdownNow();
  }

  private void register(AppWatch w, Path root) {
    if (root == null || !Files.isDirectory(root)) {
      LOG.warning("watch: " + root + " is not a directory; not watched");
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(root) && w.ignored(dir)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              WatchKey key =
                  dir.register(
                      service,
                      StandardWatchEventKinds.ENTRY_CREATE,
                      StandardWatchEventKinds.ENTRY_MODIFY,
                      StandardWatchEventKinds.ENTRY_DELETE);
              byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
              w.keys.add(key);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | ClosedWatchServiceException e) {
      LOG.warning("watch: cannot watch " + root + ": " + e.getMessage());
    }
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir = (Path) key.watchable();
      for (WatchEvent<?> event : key.pollEvents()) {
        if (!(event.context() instanceof Path name)) {
          continue;
        }
        Path file = dir.resolve(name);
        for (AppWatch w : List.copyOf(byKey.getOrDefault(key, List.of()))) {
          if (w.closed || w.ignored(file)) {
            continue;
          }
          if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(file)) {
            register(w, file);
          }
          w.touched(file);
        }
      }
      if (!key.reset()) {
        byKey.remove(key);
      }
    }
  }

  /** One app's watch. */
  private final class AppWatch {
    final Path cwd;
    final WatchPolicy policy;
    final Consumer<String> changed;
    final IgnoreRules ignore;
    final List<WatchKey> keys = new ArrayList<>();
    volatile boolean closed;
    private ScheduledFuture<?> pending;

    AppWatch(Path cwd, WatchPolicy policy, Consumer<String> changed) {
      this.cwd = cwd;
      this.policy = policy;
      this.changed = changed;
      this.ignore = new IgnoreRules(policy.ignore());
    }

    boolean ignored(Path p) {
      return ignore.matches(cwd.relativize(p.toAbsolutePath().normalize()));
    }

    synchronized void touched(Path file) {
      if (pending != null) {
        pending.cancel(false);
      }
      String name = cwd.relativize(file).toString();
      pending =
          debounce.schedule(
              () -> {
                if (!closed) {
                  changed.accept(name);
                }
              },
              policy.delay().toMillis(),
              TimeUnit.MILLISECONDS);
    }

    synchronized void close() {
      closed = true;
      if (pending != null) {
        pending.cancel(false);
      }
      for (WatchKey k : keys) {
        List<AppWatch> users = byKey.get(k);
        if (users != null) {
          users.remove(this);
          if (users.isEmpty()) {
            byKey.remove(k);
            k.cancel();
          }
        }
      }
    }
  }
}
