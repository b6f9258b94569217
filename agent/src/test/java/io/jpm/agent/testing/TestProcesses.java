package io.jpm.agent.testing;

import io.jpm.agent.metrics.ProcStat;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Looks at and cleans up the OS processes a test started, independently of the code under test:
 * every group registered here is SIGKILLed by {@link #killAll()}.
 */
public final class TestProcesses {
  private final Set<Long> groups = ConcurrentHashMap.newKeySet();

  /** Remembers a process group to kill at the end of the test. */
  public long register(long pgid) {
    groups.add(pgid);
    return pgid;
  }

  /** SIGKILLs every registered group with /usr/bin/kill; groups already gone are fine. */
  public void killAll() throws IOException, InterruptedException {
    for (long pgid : groups) {
      if (pgid > 1) {
        Process kill =
            new ProcessBuilder("kill", "-s", "KILL", "--", "-" + pgid)
                .redirectOutput(Redirect.DISCARD)
                .redirectError(Redirect.DISCARD)
                .start();
        kill.waitFor(5, TimeUnit.SECONDS);
      }
    }
    groups.clear();
  }

  /** The process's stat line, or empty when no such process exists. */
  public static Optional<ProcStat> stat(long pid) {
    return ProcStat.read(pid);
  }

  /**
   * True when the process has ended: absent from /proc, or a zombie (dead, waiting for its new
   * parent to reap it). ProcessHandle.isAlive() would say true for a zombie.
   */
  public static boolean isDead(long pid) {
    return stat(pid).map(s -> s.isZombie() || s.state() == 'X').orElse(true);
  }

  /** True when the process exists and is not a zombie. */
  public static boolean isLive(long pid) {
    return !isDead(pid);
  }
}
