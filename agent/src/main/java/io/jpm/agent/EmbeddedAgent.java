package io.jpm.agent;

import io.jpm.agent.launch.OsProcessLauncher;
import io.jpm.agent.metrics.ProcfsSampler;
import java.io.IOException;

/**
 * An agent running inside the caller's JVM with the real process launcher and /proc sampler, as
 * `jpm agent` and `jpm runtime` run it. Closing it stops the agent as {@link Agent#close()} does
 * (apps stopped, state forgotten) unless the agent already stopped, then the launcher and sampler.
 */
public final class EmbeddedAgent implements AutoCloseable {
  private final Agent agent;
  private final OsProcessLauncher launcher;
  private final ProcfsSampler sampler;

  private EmbeddedAgent(Agent agent, OsProcessLauncher launcher, ProcfsSampler sampler) {
    this.agent = agent;
    this.launcher = launcher;
    this.sampler = sampler;
  }

  /**
   * Starts an agent for {@code paths} in this JVM; returns once it serves its sockets.
   *
   * @param hostName the host name the agent reports; null for the machine's name
   * @throws IOException "an agent already runs for JPM_HOME ... (pid N)", or a socket or file could
   *     not be set up
   */
  public static EmbeddedAgent start(AgentPaths paths, String hostName, AgentEmbedding embedding)
      throws IOException {
    return start(AgentConfig.defaults(paths, hostName), embedding);
  }

  /**
   * Starts an agent with {@code config} in this JVM; returns once it serves its sockets.
   *
   * @throws IOException as {@link #start(AgentPaths, String, AgentEmbedding)}
   */
  public static EmbeddedAgent start(AgentConfig config, AgentEmbedding embedding)
      throws IOException {
    AgentPaths paths = config.paths();
    OsProcessLauncher launcher = new OsProcessLauncher(paths.logDir(), paths.runDir());
    ProcfsSampler sampler = new ProcfsSampler(config.metricsInterval());
    try {
      sampler.start();
      Agent agent = Agent.start(config, launcher, sampler, embedding);
      return new EmbeddedAgent(agent, launcher, sampler);
    } catch (IOException | RuntimeException e) {
      sampler.close();
      launcher.close();
      throw e;
    }
  }

  /** The agent. */
  public Agent agent() {
    return agent;
  }

  @Override
  public void close() {
    try {
      agent.close();
    } finally {
      sampler.close();
      launcher.close();
    }
  }
}
