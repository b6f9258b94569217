package io.jpm.agent.balancer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The backends of one public port: those in rotation (offered new connections) and those draining
 * (finishing their connections after {@code remove}). A key is unique among backends in rotation; a
 * draining backend no longer holds its key, so a replacement may reuse it at once. Balancer thread
 * only, except {@link #snapshots} and {@link #strategy}.
 */
final class Rotation {
  private final String port;
  // Written on the balancer thread, read by snapshots from any thread.
  private volatile BalanceStrategy strategy;
  private final BalancerLoop loop;
  private BackendPicker picker;
  private final List<Backend> inRotation = new ArrayList<>();
  // In rotation, then draining; copy-on-write so snapshots can read it from any thread.
  private final List<Backend> known = new CopyOnWriteArrayList<>();

  Rotation(String port, BalanceStrategy strategy, BalancerLoop loop) {
    this.port = port;
    this.strategy = strategy;
    this.loop = loop;
    this.picker = new BackendPicker(strategy);
  }

  BalanceStrategy strategy() {
    return strategy;
  }

  /** Picks backends by {@code next} from the next connection on. */
  void use(BalanceStrategy next) {
    if (next != strategy) {
      strategy = next;
      picker = new BackendPicker(next);
    }
  }

  boolean isEmpty() {
    return inRotation.isEmpty();
  }

  /** The backend for {@code c} among those in rotation it has not tried yet. */
  Optional<Backend> pick(ProxiedConnection c) {
    List<Backend> candidates = inRotation;
    if (inRotation.stream().anyMatch(c::tried)) {
      candidates = new ArrayList<>(inRotation);
      candidates.removeIf(c::tried);
    }
    return picker.pick(candidates, Backend::active);
  }

  /** Puts a backend at 127.0.0.1:{@code privatePort} into rotation. */
  void add(String key, int privatePort) {
    if (privatePort < 1 || privatePort > 65535) {
      throw new IllegalArgumentException("backend " + key + ": no such port " + privatePort);
    }
    if (find(key) != null) {
      throw new IllegalArgumentException(
          "backend " + key + " is already in rotation on port " + port);
    }
    Backend b =
        new Backend(key, new InetSocketAddress(InetAddress.getLoopbackAddress(), privatePort));
    inRotation.add(b);
    known.add(inRotation.size() - 1, b);
  }

  /**
   * Takes {@code key} out of rotation at once and completes when its connections have ended, or
   * after {@code drainTimeout} with the rest reset. An unknown key completes at once.
   */
  CompletableFuture<Drained> remove(String key, Duration drainTimeout) {
    Backend b = find(key);
    if (b == null) {
      return CompletableFuture.completedFuture(new Drained(key, 0));
    }
    inRotation.remove(b);
    known.remove(b);
    known.add(b); // draining backends sort after those in rotation
    CompletableFuture<Drained> drained = b.startDrain();
    if (!drained.isDone()) {
      b.drainTimer(loop.schedule(drainTimeout, b::closeLeftovers));
    }
    return drained.whenComplete((d, e) -> known.remove(b));
  }

  /** Ends every drain at once (the port is closing); connections are closed by the port. */
  void closeAll() {
    inRotation.clear();
    for (Backend b : known) {
      if (b.draining()) {
        b.closeLeftovers();
      }
    }
    known.clear();
  }

  private Backend find(String key) {
    for (Backend b : inRotation) {
      if (b.key().equals(key)) {
        return b;
      }
    }
    return null;
  }

  List<BackendSnapshot> snapshots() {
    return known.stream().map(Backend::snapshot).toList();
  }
}
