package io.jpm.cli.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Processes a test started, directly or through jpm, so it can kill every one at the end. */
public final class SpawnedProcesses implements AutoCloseable {
  private static final Pattern SPAWN_NOTICE =
      Pattern.compile("spawning agent for .* \\(pid (\\d+)\\)");

  private final List<ProcessHandle> handles = new ArrayList<>();

  /** Tracks a process started by the test. */
  public synchronized Process track(Process process) {
    handles.add(process.toHandle());
    return process;
  }

  /** Tracks the agent named by every "spawning agent ... (pid N)" line in {@code stderr}. */
  public synchronized List<Long> trackSpawned(String stderr) {
    List<Long> pids = new ArrayList<>();
    Matcher m = SPAWN_NOTICE.matcher(stderr);
    while (m.find()) {
      long pid = Long.parseLong(m.group(1));
      pids.add(pid);
      ProcessHandle.of(pid).ifPresent(handles::add);
    }
    return pids;
  }

  /** Kills every tracked process that still runs, and waits for each to be gone. */
  @Override
  public synchronized void close() throws ExecutionException, TimeoutException {
    for (ProcessHandle h : handles) {
      h.destroyForcibly();
    }
    try {
      for (ProcessHandle h : handles) {
        h.onExit().get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handles.clear();
  }
}
