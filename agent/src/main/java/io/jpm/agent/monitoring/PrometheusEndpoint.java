package io.jpm.agent.monitoring;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The agent's Prometheus face: a registry holding the per-instance and agent meters, served on
 * {@code /metrics}. Off (no address, or an address that cannot be bound) it holds nothing and
 * Micrometer is never loaded: supervision matters more than metrics, so a taken port is logged, not
 * fatal, and `jpm ping` shows no metrics URL.
 */
public final class PrometheusEndpoint implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PrometheusEndpoint.class.getName());

  private final PrometheusMeterRegistry registry;
  private final InstanceMeters instances;
  private final AgentMeters agent;
  private final MetricsHttpServer server;

  private PrometheusEndpoint(
      PrometheusMeterRegistry registry,
      InstanceMeters instances,
      AgentMeters agent,
      MetricsHttpServer server) {
    this.registry = registry;
    this.instances = instances;
    this.agent = agent;
    this.server = server;
  }

  /** Serves /metrics at {@code address}; when empty, or when it cannot be bound, serves nothing. */
  public static PrometheusEndpoint start(Optional<MetricsAddress> address) {
    if (address.isEmpty()) {
      return new PrometheusEndpoint(null, null, null, null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AgentMeters agent = new AgentMeters(registry);
    try {
      MetricsHttpServer server = MetricsHttpServer.start(address.get(), registry::scrape);
      return new PrometheusEndpoint(registry, new InstanceMeters(registry), agent, server);
    } catch (IOException e) {
      LOG.warning(() -> e.getMessage() + "; /metrics is not served (use --metrics-addr)");
      agent.close();
      registry.close();
      return new PrometheusEndpoint(null, null, null, null);
    }
  }

  /** The /metrics URL, or "" when not served. */
  public String url() {
    return server == null ? "" : server.url();
  }

  /** Sets the per-instance series to these snapshots (see {@link InstanceMeters#update}). */
  public void update(List<InstanceSnapshot> snapshots) {
    if (instances != null) {
      instances.update(snapshots);
    }
  }

  /** Stops serving and releases the meters. */
  @Override
  public void close() {
    if (server != null) {
      server.close();
      agent.close();
      registry.close();
    }
  }
}
