package io.jpm.agent.balancer;

/**
 * How a removed backend finished.
 *
 * @param closedAtTimeout connections still open when the drain timeout elapsed, closed then (0 when
 *     every connection ended by itself)
 */
public record Drained(String key, int closedAtTimeout) {}
