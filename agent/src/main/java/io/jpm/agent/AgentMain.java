package io.jpm.agent;

import java.io.IOException;

/** Entry point of the agent daemon; `jpm agent` calls {@link #runForeground}. */
public final class AgentMain {
  private AgentMain() {}

  /**
   * Runs an agent for {@code paths} with the default configuration; see {@link
   * #runForeground(AgentConfig)}.
   *
   * @param hostName the host name the agent reports; null for the machine's name
   */
  public static int runForeground(AgentPaths paths, String hostName) {
    return runForeground(AgentConfig.defaults(paths, hostName));
  }

  /**
   * Runs an agent in the calling thread until it is stopped: `jpm kill` stops its apps too,
   * SIGTERM, SIGINT and a handover (`jpm update`) leave them running for the next agent. Returns
   * the process exit code: 0 after a clean stop, 1 when the agent could not start (the reason is
   * printed on stderr), e.g. because another agent already runs for the same JPM_HOME.
   */
  public static int runForeground(AgentConfig config) {
    OneLineLogFormatter.installOnRootLogger();
    EmbeddedAgent embedded;
    try {
      embedded = EmbeddedAgent.start(config, AgentEmbedding.none());
    } catch (IOException e) {
      System.err.println("jpm agent: " + e.getMessage());
      return 1;
    }
    try (embedded) {
      embedded.agent().awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Runs an agent for the JPM_HOME of the environment. */
  public static void main(String[] args) {
    System.exit(runForeground(AgentPaths.fromEnvironment(System.getenv()), null));
  }
}
