package io.jpm.agent.supervision;

/**
 * An instance as the log commands (logs, flush, send) see it: who it is, where its output goes and
 * how it is kept. Safe to hand to any thread.
 *
 * @param instance its observed state (id, app, index, pid, state)
 * @param files its stdout and stderr log files
 * @param logs its log policy, in the per-instance form of {@link LogPolicy#forInstance}
 */
public record LogTarget(InstanceSnapshot instance, ProcessLauncher.LogFiles files, LogPolicy logs) {

  /** True when the instance has a process that can receive input. */
  public boolean running() {
    return instance.pid() > 0 && instance.state().hasProcess();
  }
}
