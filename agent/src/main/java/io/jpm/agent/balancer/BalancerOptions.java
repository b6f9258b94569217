package io.jpm.agent.balancer;

import java.time.Duration;

/**
 * Tuning shared by every port of one balancer.
 *
 * @param waitForBackend how long a new connection is held while no backend is in rotation (what
 *     makes reloading a single instance zero-downtime) before it is closed
 * @param bufferBytes size of each copy buffer: one per balancer thread, plus one per direction only
 *     while a peer is slower than its counterpart
 * @param backlog the listening sockets' accept backlog (the kernel caps it at somaxconn)
 */
public record BalancerOptions(Duration waitForBackend, int bufferBytes, int backlog) {
  /** Five seconds of waiting, 64 KiB buffers, a backlog of 1024. */
  public static final BalancerOptions DEFAULTS =
      new BalancerOptions(Duration.ofSeconds(5), 64 * 1024, 1024);

  /** Checks the values. */
  public BalancerOptions {
    if (waitForBackend.isNegative()) {
      throw new IllegalArgumentException("waitForBackend must not be negative: " + waitForBackend);
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
    return new BalancerOptions(wait, bufferBytes, backlog);
  }
}
