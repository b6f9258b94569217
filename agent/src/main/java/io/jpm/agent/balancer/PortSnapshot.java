package io.jpm.agent.balancer;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Counters of one public port, read without stopping the balancer (each figure is exact, the set is
 * not one atomic cut).
 *
 * @param accepted connections accepted since the port opened
 * @param active client connections open now (waiting, connecting or proxied)
 * @param waiting connections held because no backend is in rotation
 * @param dropped connections closed without reaching a backend
 * @param backends in rotation first (in rotation order), then those still draining
 */
public record PortSnapshot(
    String name,
    InetSocketAddress address,
    BalanceStrategy strategy,
    long accepted,
    int active,
    int waiting,
    long dropped,
    List<BackendSnapshot> backends) {

  /** Copies the backend list. */
  public PortSnapshot {
    backends = List.copyOf(backends);
  }

  /** The backend with this key (in rotation preferred over draining), or null. */
  public BackendSnapshot backend(String key) {
    return backends.stream().filter(b -> b.key().equals(key)).findFirst().orElse(null);
  }
}
