package io.jpm.agent.balancer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One public port opened by a {@link PortBalancer}: the handle through which the agent puts
 * instances into rotation and takes them out. Safe to call from any thread; calls take effect on
 * the balancer thread in the order they were made, and the returned futures complete there (so
 * stages chained on them must not block).
 */
public final class BalancedPort {
  private final PortListener listener;
  private final BalancerLoop loop;
  private final Runnable forget;

  BalancedPort(PortListener listener, BalancerLoop loop, Runnable forget) {
    this.listener = listener;
    this.loop = loop;
    this.forget = forget;
  }

  /** The name given at open (the app's name), used in reports. */
  public String name() {
    return listener.name();
  }

  /** The address actually bound (with the real port when 0 was asked for). */
  public InetSocketAddress address() {
    return listener.address();
  }

  /**
   * Puts the instance listening on 127.0.0.1:{@code privatePort} into rotation; connections waiting
   * for a backend go to it at once. Fails with IllegalArgumentException when {@code key} is already
   * in rotation.
   */
  public CompletableFuture<Void> add(String key, int privatePort) {
    return loop.call(
        () -> {
          listener.add(key, privatePort);
          return CompletableFuture.completedFuture(null);
        });
  }

  /**
   * Takes {@code key} out of rotation at once (no new connection goes to it) and completes when its
   * open connections have all closed, or when {@code drainTimeout} elapses, then resetting the
   * rest. An unknown key completes at once with nothing closed.
   */
  public CompletableFuture<Drained> remove(String key, Duration drainTimeout) {
    return loop.call(() -> listener.rotation().remove(key, drainTimeout));
  }

  /** Picks the backends of new connections by {@code strategy} from now on. */
  public CompletableFuture<Void> use(BalanceStrategy strategy) {
    return loop.call(
        () -> {
          listener.rotation().use(strategy);
          return CompletableFuture.completedFuture(null);
        });
  }

  /**
   * Stops listening and resets every connection of this port; completes once the port can be bound
   * again.
   */
  public CompletableFuture<Void> close() {
    return loop.call(
        () -> {
          listener.close();
          forget.run();
          return CompletableFuture.completedFuture(null);
        });
  }

  /** The port's counters now (any thread, never blocks). */
  public PortSnapshot snapshot() {
    return listener.snapshot();
  }
}
