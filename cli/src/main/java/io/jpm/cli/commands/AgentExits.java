package io.jpm.cli.commands;

import io.jpm.agent.metrics.ProcStat;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for an agent process to be gone, after it answered a kill or a handover. */
final class AgentExits {
  private static final long POLL_NANOS = 5_000_000;

  private AgentExits() {}

  /**
   * Returns once {@code pid} has exited. The agent is not our child, so ProcessHandle.onExit()
   * would poll from 300 ms up and count a zombie (the agent exited, its parent not yet reaped it)
   * as alive: read /proc directly instead.
   *
   * @throws CliFailure (exit 4) "{operation} failed: the agent (pid N) is still running" after
   *     {@code remaining}
   */
  static void await(long pid, Duration remaining, String operation) {
    long deadline = System.nanoTime() + remaining.toNanos();
    while (ProcStat.read(pid).filter(p -> !p.isZombie()).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new CliFailure(
            ExitCodes.UNREACHABLE,
            operation + " failed: the agent (pid " + pid + ") is still running");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }
}
