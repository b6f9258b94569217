package io.jpm.agent.metrics;

import io.jpm.agent.supervision.UsageMeter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Samples CPU and resident memory of each tracked instance from /proc, summed over the instance's
 * whole process group (pgrp equal to the instance's pid, which is its group leader), so the workers
 * an app forks count too.
 *
 * <p>One daemon thread scans /proc once per interval: it reads every process's stat line (about 30
 * µs each), keeps those whose group is tracked and reads their statm. CPU % is the growth of
 * utime+stime over the wall time since the previous scan, per process (keyed by pid and start time,
 * so a reused pid is a new process); a group's first scan only sets the baseline and reports 0 %. A
 * member that appeared since the previous scan counts all its CPU time, which it used within the
 * interval.
 *
 * <p>Thread-safety: {@link #track}, {@link #untrack} and {@link #of} may be called from any thread;
 * everything else is touched only by the sampling thread.
 */
public final class ProcfsSampler implements UsageMeter, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ProcfsSampler.class.getName());

  private final Path procRoot;
  private final Duration interval;
  private final Set<Long> tracked = ConcurrentHashMap.newKeySet();
  private final Map<Long, Usage> samples = new ConcurrentHashMap<>();
  private final ScheduledExecutorService thread;

  // Sampling thread only.
  private Map<Long, ProcStat> previous = new HashMap<>();
  private Set<Long> previousGroups = new HashSet<>();
  private long previousNanos;

  /** Samples /proc every second. */
  public ProcfsSampler() {
    this(Duration.ofSeconds(1));
  }

  /** Samples /proc every {@code interval}. */
  public ProcfsSampler(Duration interval) {
    this(Path.of("/proc"), interval);
  }

  /** Samples a /proc-shaped tree (a fake one in tests). */
  ProcfsSampler(Path procRoot, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("sampling interval must be positive, got " + interval);
    }
    this.procRoot = procRoot;
    this.interval = interval;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-procfs-sampler");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts the sampling thread; the first scan runs at once. */
  public void start() {
    var unused =
        thread.scheduleWithFixedDelay(
            this::sampleSafely, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void track(long pid) {
    tracked.add(pid);
  }

  @Override
  public void untrack(long pid) {
    // Order matters: see publish().
    tracked.remove(pid);
    samples.remove(pid);
  }

  @Override
  public Usage of(long pid) {
    return samples.getOrDefault(pid, Usage.NONE);
  }

  /** Stops the sampling thread. */
  @Override
  public void close() {
    thread.shutdownNow();
  }

  private void sampleSafely() {
    try {
      sample(System.nanoTime());
    } catch (RuntimeException e) {
      // An exception would cancel the periodic task and freeze every figure for good.
      LOG.log(Level.WARNING, "sampling /proc failed", e);
    }
  }

  /** One scan of /proc at {@code nowNanos} (a System.nanoTime value); sampling thread only. */
  void sample(long nowNanos) {
    Set<Long> groups = Set.copyOf(tracked);
    Map<Long, ProcStat> members = new HashMap<>();
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, Long> rss = new HashMap<>();
    if (!groups.isEmpty()) {
      for (ProcStat p : scan()) {
        if (groups.contains(p.pgrp())) {
          members.put(p.pid(), p);
          ticks.merge(p.pgrp(), newTicks(p), Long::sum);
          rss.merge(p.pgrp(), residentBytes(p.pid()), Long::sum);
        }
      }
    }
    double seconds = (nowNanos - previousNanos) / 1e9;
    for (long group : groups) {
      boolean baseline = !previousGroups.contains(group) || seconds <= 0;
      double cpu =
          baseline ? 0 : ticks.getOrDefault(group, 0L) * 100.0 / ProcStat.CLK_TCK / seconds;
      publish(group, new Usage(cpu, rss.getOrDefault(group, 0L)));
    }
    previous = members;
    previousGroups = new HashSet<>(ticks.keySet());
    previousNanos = nowNanos;
  }

  private void publish(long group, Usage usage) {
    samples.put(group, usage);
    // untrack() removes from tracked before samples, so a group untracked during this scan is
    // never left with a stale figure whichever way the two threads interleave.
    if (!tracked.contains(group)) {
      samples.remove(group);
    }
  }

  private long newTicks(ProcStat p) {
    ProcStat before = previous.get(p.pid());
    if (before != null && before.starttime() == p.starttime()) {
      return Math.max(0, p.cpuTicks() - before.cpuTicks());
    }
    return p.cpuTicks();
  }

  private List<ProcStat> scan() {
    List<ProcStat> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(procRoot)) {
      for (Path entry : dir) {
        String name = entry.getFileName().toString();
        if (isPid(name)) {
          ProcStat.read(procRoot, Long.parseLong(name)).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot list " + procRoot, e);
    }
    return out;
  }

  private long residentBytes(long pid) {
    // 0 when gone since its stat line was read.
    return ProcStatm.read(procRoot, Long.toString(pid)).map(ProcStatm::residentBytes).orElse(0L);
  }

  private static boolean isPid(String name) {
    if (name.isEmpty() || name.length() > 18) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
