package io.jpm.cli;

import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentMain;
import io.jpm.agent.AgentPaths;
import io.jpm.cli.client.AgentConnector;
import io.jpm.cli.client.AgentSpawner;
import io.jpm.cli.client.ControllerConnector;
import io.jpm.cli.client.CurveClientKeys;
import io.jpm.cli.client.LocalAgentConnector;
import io.jpm.cli.client.ZmqControlClient;
import io.jpm.cli.client.ZmqControllerConnector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a jpm invocation needs from the outside world, so tests can replace each part.
 *
 * @param paths the JPM_HOME layout
 * @param workingDir the directory relative paths are resolved against
 * @param connector opens connections to the agent
 * @param agentRunner runs an agent in the foreground (`jpm agent`)
 * @param env the CLI's own environment: sent as the apps' base environment, as pm2 passes its
 *     CLI's, and read for JPM_NODE (the node that evaluates .js config files), JPM_CONTROLLER and
 *     JPM_CONTROLLER_KEY
 * @param controllers opens connections to a controller (`--hosts`)
 */
public record CliContext(
    AgentPaths paths,
    Path workingDir,
    AgentConnector connector,
    AgentRunner agentRunner,
    Map<String, String> env,
    ControllerConnector controllers) {

  /**
   * How long a spawned agent that is still running has to answer. Generous: on a loaded machine,
   * the first start after an install (no class-data archive yet, the launcher training one
   * meanwhile) took over 10 s; an agent that dies is reported at once anyway.
   */
  private static final Duration AGENT_START_DEADLINE = Duration.ofSeconds(30);

  /** Copies {@code env}, so a context never changes. */
  public CliContext {
    env = Map.copyOf(env);
  }

  /** A context whose controllers are reached over ZeroMQ. */
  public CliContext(
      AgentPaths paths,
      Path workingDir,
      AgentConnector connector,
      AgentRunner agentRunner,
      Map<String, String> env) {
    this(paths, workingDir, connector, agentRunner, env, zmqControllers(paths));
  }

  /** A context with an empty environment (no base environment is sent). */
  public CliContext(
      AgentPaths paths, Path workingDir, AgentConnector connector, AgentRunner agentRunner) {
    this(paths, workingDir, connector, agentRunner, Map.of());
  }

  /** Runs an agent in the calling thread and returns its exit code. */
  @FunctionalInterface
  public interface AgentRunner {
    /** Runs until the agent stops. */
    int run(AgentConfig config);
  }

  /** The real world: JPM_HOME from {@code env}, the process's directory, ZeroMQ, AgentMain. */
  public static CliContext of(Map<String, String> env, PrintWriter notices) {
    AgentPaths paths = AgentPaths.fromEnvironment(env);
    AgentSpawner spawner =
        new AgentSpawner(
            paths, AgentSpawner.agentCommandOfThisJvm(), AGENT_START_DEADLINE, notices);
    return new CliContext(
        paths,
        Path.of("").toAbsolutePath(),
        new LocalAgentConnector(paths, ZmqControlClient::new, spawner),
        AgentMain::runForeground,
        env,
        zmqControllers(paths));
  }

  private static ControllerConnector zmqControllers(AgentPaths paths) {
    return new ZmqControllerConnector(CurveClientKeys.ofHome(paths.home()));
  }
}
