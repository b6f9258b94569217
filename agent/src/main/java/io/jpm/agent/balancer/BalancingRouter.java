package io.jpm.agent.balancer;

import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.TrafficRouter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The supervisor's {@link TrafficRouter} on a {@link PortBalancer}: one balanced public port per
 * app, over the app's ready processes, round-robin or least-connections as the app says. Calls come
 * on the supervisor loop thread; apart from binding a port in {@link #open}, each only hands work
 * to the balancer's thread.
 */
public final class BalancingRouter implements TrafficRouter, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(BalancingRouter.class.getName());

  private final PortBalancer balancer;
  private final String bindHost;
  private final Map<String, BalancedPort> ports = new ConcurrentHashMap<>();

  /** A router on {@code balancer}, binding public ports on {@code bindHost} ("0.0.0.0": all). */
  public BalancingRouter(PortBalancer balancer, String bindHost) {
    this.balancer = balancer;
    this.bindHost = bindHost;
  }

  @Override
  public void open(String app, int publicPort, Balance balance) throws OpenException {
    if (ports.containsKey(app)) {
      return;
    }
    try {
      ports.put(
          app, balancer.open(app, new InetSocketAddress(bindHost, publicPort), strategy(balance)));
    } catch (IOException | IllegalStateException e) {
      throw new OpenException(e.getMessage());
    }
  }

  @Override
  public void balance(String app, Balance balance) {
    BalancedPort port = ports.get(app);
    if (port != null) {
      var unused = port.use(strategy(balance));
    }
  }

  private static BalanceStrategy strategy(Balance balance) {
    return switch (balance) {
      case ROUND_ROBIN -> BalanceStrategy.ROUND_ROBIN;
      case LEAST_CONNECTIONS -> BalanceStrategy.LEAST_CONNECTIONS;
    };
  }

  @Override
  public void add(String app, String instanceKey, int privatePort) {
    BalancedPort port = ports.get(app);
    if (port == null) {
      LOG.warning("no public port open for " + app + "; " + instanceKey + " is not routed");
      return;
    }
    var unused =
        port.add(instanceKey, privatePort)
            .exceptionally(
                e -> {
                  LOG.log(Level.WARNING, "cannot route " + instanceKey + " of " + app, e);
                  return null;
                });
  }

  @Override
  public CompletableFuture<Void> remove(String app, String instanceKey, Duration drainTimeout) {
    BalancedPort port = ports.get(app);
    if (port == null) {
      return CompletableFuture.completedFuture(null);
    }
    return port.remove(instanceKey, drainTimeout).handle((drained, e) -> null);
  }

  @Override
  public void close(String app) {
    BalancedPort port = ports.remove(app);
    if (port != null) {
      var unused = port.close();
    }
  }

  /** Closes every port and the balancer. */
  @Override
  public void close() {
    ports.clear();
    balancer.close();
  }
}
