package io.jpm.agent.balancer;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One instance's private port behind a public port. Its connection set and drain state belong to
 * the balancer thread; its counters may be read from any thread.
 */
final class Backend {
  private final String key;
  private final InetSocketAddress address;
  private final Set<ProxiedConnection> connections = new LinkedHashSet<>();
  private final AtomicLong handed = new AtomicLong();
  private final AtomicLong bytesToBackend = new AtomicLong();
  private final AtomicLong bytesFromBackend = new AtomicLong();
  private final AtomicLong connectFailures = new AtomicLong();
  // Written only on the balancer thread; volatile so snapshots on other threads see it.
  private volatile int active;
  private volatile boolean inRotation = true;
  private CompletableFuture<Drained> drained;
  private BalancerLoop.Timer drainTimer;

  Backend(String key, InetSocketAddress address) {
    this.key = key;
    this.address = address;
  }

  String key() {
    return key;
  }

  InetSocketAddress address() {
    return address;
  }

  int active() {
    return active;
  }

  boolean inRotation() {
    return inRotation;
  }

  void attach(ProxiedConnection connection) {
    connections.add(connection);
    active = connections.size();
    handed.incrementAndGet();
  }

  /** Forgets a closed or failed connection; completes the drain when it was the last one. */
  void detach(ProxiedConnection connection) {
    if (connections.remove(connection)) {
      active = connections.size();
    }
    if (drained != null && connections.isEmpty()) {
      finishDrain(0);
    }
  }

  void countConnectFailure() {
    connectFailures.incrementAndGet();
  }

  void countToBackend(long n) {
    bytesToBackend.addAndGet(n);
  }

  void countFromBackend(long n) {
    bytesFromBackend.addAndGet(n);
  }

  /**
   * Takes the backend out of rotation and returns a future that completes when its last connection
   * closes. Called once, on the balancer thread; the caller arms the timeout.
   */
  CompletableFuture<Drained> startDrain() {
    inRotation = false;
    drained = new CompletableFuture<>();
    if (connections.isEmpty()) {
      finishDrain(0);
    }
    return drained;
  }

  void drainTimer(BalancerLoop.Timer timer) {
    this.drainTimer = timer;
  }

  boolean draining() {
    return drained != null && !drained.isDone();
  }

  /** Resets every connection still open (the drain timeout elapsed) and completes the drain. */
  void closeLeftovers() {
    List<ProxiedConnection> left = new ArrayList<>(connections);
    CompletableFuture<Drained> d = drained;
    drained = null; // detach() of the leftovers below must not complete it with 0
    left.forEach(ProxiedConnection::abort);
    drained = d;
    finishDrain(left.size());
  }

  private void finishDrain(int closedAtTimeout) {
    if (drainTimer != null) {
      drainTimer.cancel();
    }
    drained.complete(new Drained(key, closedAtTimeout));
  }

  BackendSnapshot snapshot() {
    return new BackendSnapshot(
        key,
        address.getPort(),
        inRotation,
        handed.get(),
        active,
        bytesToBackend.get(),
        bytesFromBackend.get(),
        connectFailures.get());
  }
}
