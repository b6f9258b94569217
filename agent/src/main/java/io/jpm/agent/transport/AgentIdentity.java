package io.jpm.agent.transport;

import java.time.Instant;
import java.util.Map;

/**
 * Who this agent run is, as reported by ping replies and stamped on every event.
 *
 * @param host the host name the agent reports (its fleet identity)
 * @param pid the agent's OS pid
 * @param runId random id of this run; event sequence numbers restart when it changes
 * @param startedAt when the agent started
 * @param controlEndpoint the local control endpoint clients use
 * @param eventsEndpoint the PUB endpoint
 * @param metricsUrl the Prometheus /metrics URL; empty when metrics are not served
 * @param labels the agent's labels ({@code --label k=v})
 * @param remoteControlEndpoint the CURVE TCP control endpoint; empty when not bound
 * @param remoteEventsEndpoint the CURVE TCP event endpoint; empty when not bound
 * @param publicKey the agent's CURVE public key; empty when it serves no TCP endpoint
 */
public record AgentIdentity(
    String host,
    long pid,
    String runId,
    Instant startedAt,
    String controlEndpoint,
    String eventsEndpoint,
    String metricsUrl,
    Map<String, String> labels,
    String remoteControlEndpoint,
    String remoteEventsEndpoint,
    String publicKey) {

  /** Defensive copy of the labels. */
  public AgentIdentity {
    labels = Map.copyOf(labels);
  }

  /** An identity without labels or TCP endpoints. */
  public AgentIdentity(
      String host,
      long pid,
      String runId,
      Instant startedAt,
      String controlEndpoint,
      String eventsEndpoint,
      String metricsUrl) {
    this(
        host,
        pid,
        runId,
        startedAt,
        controlEndpoint,
        eventsEndpoint,
        metricsUrl,
        Map.of(),
        "",
        "",
        "");
  }

  /** An identity without a /metrics URL. */
  public AgentIdentity(
      String host,
      long pid,
      String runId,
      Instant startedAt,
      String controlEndpoint,
      String eventsEndpoint) {
    this(host, pid, runId, startedAt, controlEndpoint, eventsEndpoint, "");
  }

  /** This identity with its TCP endpoints and public key. */
  public AgentIdentity withRemote(String control, String events, String key) {
    return new AgentIdentity(
        host,
        pid,
        runId,
        startedAt,
        controlEndpoint,
        eventsEndpoint,
        metricsUrl,
        labels,
        control,
        events,
        key);
  }

  /** This identity with labels. */
  public AgentIdentity withLabels(Map<String, String> newLabels) {
    return new AgentIdentity(
        host,
        pid,
        runId,
        startedAt,
        controlEndpoint,
        eventsEndpoint,
        metricsUrl,
        newLabels,
        remoteControlEndpoint,
        remoteEventsEndpoint,
        publicKey);
  }
}
