/**
 * The agent-owned TCP port balancer: a public port per app whose connections are proxied to the
 * private ports of its instances (round-robin or least-connections), with backends added and
 * drained at any time without dropping a connection. One thread ({@code jpm-balancer}) runs a
 * Selector for every port and connection.
 *
 * <p>Allowed dependencies: the JDK only. The supervision domain reaches it through a port of its
 * own, adapted in the agent's wiring.
 */
package io.jpm.agent.balancer;
