package io.jpm.agent.transport;

import java.time.Instant;

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
 */
public record AgentIdentity(
    String host,
    long pid,
    String runId,
    Instant startedAt,
    String controlEndpoint,
    String eventsEndpoint,
    String metricsUrl) {

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
}
