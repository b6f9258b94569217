package io.jpm.agent;

/** Entry point of the agent daemon; `jpm agent` calls {@link #runForeground}. */
public final class AgentMain {
  private AgentMain() {}

  /**
   * Runs an agent for {@code paths} in the calling thread until it is killed (`jpm kill`, SIGTERM
   * or SIGINT). Returns the process exit code: 0 after a clean stop, 1 when the agent could not
   * start (the reason is printed on stderr), e.g. because another agent already runs for the same
   * JPM_HOME.
   *
   * @param hostName the host name the agent reports; null for the machine's name
   */
  @SuppressWarnings("DoNotCallSuggester") // placeholder until the transport is wired
  public static int runForeground(AgentPaths paths, String hostName) {
    throw new UnsupportedOperationException("not wired yet");
  }

  /** Runs an agent for the JPM_HOME of the environment. */
  public static void main(String[] args) {
    System.exit(runForeground(AgentPaths.fromEnvironment(System.getenv()), null));
  }
}
