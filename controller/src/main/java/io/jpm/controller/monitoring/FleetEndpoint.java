package io.jpm.controller.monitoring;

import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.agent.monitoring.MetricsHttpServer;
import io.jpm.controller.transport.FleetSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The controller's /metrics: {@link FleetMeters} in a Prometheus registry on the agent's JDK HTTP
 * server. Off (no address, or one that cannot be bound: logged, not fatal) it holds nothing.
 */
public final class FleetEndpoint implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(FleetEndpoint.class.getName());

  private final PrometheusMeterRegistry registry;
  private final FleetMeters meters;
  private final MetricsHttpServer server;

  private FleetEndpoint(
      PrometheusMeterRegistry registry, FleetMeters meters, MetricsHttpServer server) {
    this.registry = registry;
    this.meters = meters;
    this.server = server;
  }

  /** Serves /metrics at {@code address}; when empty, or when it cannot be bound, serves nothing. */
  public static FleetEndpoint start(Optional<MetricsAddress> address) {
    if (address.isEmpty()) {
      return new FleetEndpoint(null, null, null);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      MetricsHttpServer server = MetricsHttpServer.start(address.get(), registry::scrape);
      return new FleetEndpoint(registry, new FleetMeters(registry), server);
    } catch (IOException e) {
      LOG.warning(() -> e.getMessage() + "; /metrics is not served (use --metrics-addr)");
      registry.close();
      return new FleetEndpoint(null, null, null);
    }
  }

  /** The /metrics URL, or "" when not served. */
  public String url() {
    return server == null ? "" : server.url();
  }

  /** Where the agents' events go: the meters, or nowhere when not served. */
  public FleetSink sink() {
    return meters == null ? new FleetSink() {} : meters;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      registry.close();
    }
  }
}
