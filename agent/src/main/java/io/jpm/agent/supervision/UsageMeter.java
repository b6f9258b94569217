package io.jpm.agent.supervision;

/** Port for CPU and memory figures of running processes, sampled elsewhere. */
public interface UsageMeter {

  /**
   * The last sample of one process.
   *
   * @param cpuPercent CPU time used over the last interval, percent of one core
   * @param rssBytes resident memory in bytes
   */
  record Usage(double cpuPercent, long rssBytes) {
    /** No sample yet. */
    public static final Usage NONE = new Usage(0, 0);
  }

  /** Starts sampling a process. */
  void track(long pid);

  /** Stops sampling a process. */
  void untrack(long pid);

  /** The last sample of a tracked process, or {@link Usage#NONE}. */
  Usage of(long pid);

  /** A meter that measures nothing. */
  static UsageMeter none() {
    return new UsageMeter() {
      @Override
      public void track(long pid) {}

      @Override
      public void untrack(long pid) {}

      @Override
      public Usage of(long pid) {
        return Usage.NONE;
      }
    };
  }
}
