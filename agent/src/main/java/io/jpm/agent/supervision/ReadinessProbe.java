package io.jpm.agent.supervision;

/**
 * Port for readiness checks: probes one process of an instance until it passes its {@link
 * ReadyCheck} or is cancelled. The deadline (listen_timeout) is not the probe's business: the state
 * machine runs it as the READY timer.
 */
public interface ReadinessProbe {

  /**
   * The process to probe.
   *
   * @param app app name
   * @param id instance id
   * @param index instance index
   * @param pid the process (a replacement shares id and index with the process it replaces)
   * @param port its private port (PORT), 0 when it has none
   * @param check what to check
   */
  record Target(String app, int id, int index, long pid, int port, ReadyCheck check) {}

  /**
   * Told how probing goes. Called on any thread; the supervisor posts each call to its loop and
   * drops those of a probe it has cancelled or replaced since.
   */
  interface Listener {
    /** The check passed; the probe has stopped. */
    void ready();

    /** The check has not passed yet, and why (the latest reason; said when it changes). */
    void notYet(String reason);
  }

  /**
   * Starts probing {@code target} and returns at once. Called on the supervisor loop thread; must
   * not block.
   */
  Scheduler.Cancellable start(Target target, Listener listener);

  /** A probe that never reports (an agent without readiness checks; instances time out). */
  static ReadinessProbe none() {
    return (target, listener) -> () -> {};
  }
}
