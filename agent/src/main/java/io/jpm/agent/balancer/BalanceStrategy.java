package io.jpm.agent.balancer;

/** How a public port picks the backend for a new connection. */
public enum BalanceStrategy {
  /** Each backend in turn, in the order they entered the rotation (the default, like pm2's). */
  ROUND_ROBIN,
  /** The backend with the fewest open connections; ties go round-robin. */
  LEAST_CONNECTIONS
}
