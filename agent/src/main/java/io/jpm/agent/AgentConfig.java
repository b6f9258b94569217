package io.jpm.agent;

import io.jpm.agent.monitoring.MetricsAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run one agent.
 *
 * @param paths JPM_HOME layout (sockets, pid and lock files, logs)
 * @param hostName the host name the agent reports
 * @param extraControlEndpoints endpoints the control socket binds besides the local ipc:// one
 *     (e.g. {@code tcp://127.0.0.1:0}); empty by default
 * @param commandTimeout how long a command may run before its client gets ERROR_CODE_TIMEOUT
 * @param stopTimeout how long shutdown waits for the apps to stop
 * @param heartbeatInterval period of {@code agent.heartbeat} events
 * @param eventQueueCapacity state changes that may wait for the PUB socket before drops
 * @param metricsInterval how often CPU and memory are sampled and {@code metrics.*} published
 * @param metricsAddress where {@code /metrics} is served; empty for nowhere
 * @param network labels, CURVE TCP endpoints and controller ({@link AgentNetwork#LOCAL}: none)
 */
public record AgentConfig(
    AgentPaths paths,
    String hostName,
    List<String> extraControlEndpoints,
    Duration commandTimeout,
    Duration stopTimeout,
    Duration heartbeatInterval,
    int eventQueueCapacity,
    Duration metricsInterval,
    Optional<MetricsAddress> metricsAddress,
    AgentNetwork network) {

  /** The default sampling interval: one second, as pm2 monit refreshes. */
  public static final Duration DEFAULT_METRICS_INTERVAL = Duration.ofSeconds(1);

  /** Defensive copy; checks the metrics interval. */
  public AgentConfig {
    extraControlEndpoints = List.copyOf(extraControlEndpoints);
    if (metricsInterval.isNegative() || metricsInterval.isZero()) {
      throw new IllegalArgumentException(
          "metrics interval must be positive, got " + metricsInterval);
    }
  }

  /**
   * Defaults: local ipc:// control only, 60 s command deadline, 30 s to stop apps, 1 s beat, 1 s
   * metrics served on 127.0.0.1 at a port the kernel picks ({@link MetricsAddress#DEFAULT}).
   */
  public static AgentConfig defaults(AgentPaths paths, String hostName) {
    return new AgentConfig(
        paths,
        hostName == null ? localHostName() : hostName,
        List.of(),
        Duration.ofSeconds(60),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        10_000,
        DEFAULT_METRICS_INTERVAL,
        Optional.of(MetricsAddress.DEFAULT),
        AgentNetwork.LOCAL);
  }

  /** This config with additional control endpoints. */
  public AgentConfig withExtraControlEndpoints(List<String> endpoints) {
    return new AgentConfig(
        paths,
        hostName,
        endpoints,
        commandTimeout,
        stopTimeout,
        heartbeatInterval,
        eventQueueCapacity,
        metricsInterval,
        metricsAddress,
        network);
  }

  /** This config with another command deadline. */
  public AgentConfig withCommandTimeout(Duration timeout) {
    return new AgentConfig(
        paths,
        hostName,
        extraControlEndpoints,
        timeout,
        stopTimeout,
        heartbeatInterval,
        eventQueueCapacity,
        metricsInterval,
        metricsAddress,
        network);
  }

  /** This config with another sampling interval and /metrics address (empty: not served). */
  public AgentConfig withMetrics(Duration interval, Optional<MetricsAddress> address) {
    return new AgentConfig(
        paths,
        hostName,
        extraControlEndpoints,
        commandTimeout,
        stopTimeout,
        heartbeatInterval,
        eventQueueCapacity,
        interval,
        address,
        network);
  }

  /** This config with labels, TCP endpoints and a controller. */
  public AgentConfig withNetwork(AgentNetwork newNetwork) {
    return new AgentConfig(
        paths,
        hostName,
        extraControlEndpoints,
        commandTimeout,
        stopTimeout,
        heartbeatInterval,
        eventQueueCapacity,
        metricsInterval,
        metricsAddress,
        newNetwork);
  }

  /** Every endpoint the control socket binds: the local ipc:// one first. */
  public List<String> controlEndpoints() {
    List<String> out = new ArrayList<>();
    out.add(paths.controlEndpoint());
    out.addAll(extraControlEndpoints);
    return out;
  }

  /** The machine's host name, or "localhost" when it cannot be found. */
  public static String localHostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
