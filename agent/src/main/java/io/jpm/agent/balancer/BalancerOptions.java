package io.jpm.agent.balancer;

import java.time.Duration;

/**
 * Tuning shared by every port of one balancer.
 *
 * @param waitForBackend how long a new connection is held while no backend is in rotation (what
 *     makes reloading a single instance zero-downtime) before it is closed
 * @param connectTimeout how long connecting to a backend may take before the next one is tried (a
 *     frozen instance with a full accept queue drops SYNs instead of refusing them)
 * @param bufferBytes size of each copy buffer: one per balancer thread, plus one per direction only
 *     while a peer is slower than its counterpart
 * @param backlog the listening sockets' accept backlog (the kernel caps it at somaxconn)
 */
public record BalancerOptions(
    Duration waitForBackend, Duration connectTimeout, int bufferBytes, int backlog) {
  /** Five seconds of waiting for a backend, 5 s to connect, 64 KiB buffers, a backlog of 1024. */
  public static final BalancerOptions DEFAULTS =
      new BalancerOptions(Duration.ofSeconds(5), Duration.ofSeconds(5), 64 * 1024, 1024);

  /** Checks the values. */
  public BalancerOptions {
    if (waitForBackend.isNegative()) {
      throw new IllegalArgumentException("waitForBackend must not be negative: " + waitForBackend);
    }
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    if (bufferBytes < 1024) {
      throw new IllegalArgumentException("bufferBytes must be at least 1024: " + bufferBytes);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be positive: " + backlog);
    }
  }

  /** These options with another wait for a backend. */
  public BalancerOptions withWaitForBackend(Duration wait) {
    return new BalancerOptions(wait, connectTimeout, bufferBytes, backlog);
  }

  /** These options with another connect timeout. */
  public BalancerOptions withConnectTimeout(Duration timeout) {
    return new BalancerOptions(waitForBackend, timeout, bufferBytes, backlog);
  }
}
