/**
 * The fleet's Prometheus /metrics: every agent's per-instance series, fed from their {@code
 * metrics.*} events, tagged {@code host}. May use Micrometer, io.jpm.messages and
 * io.jpm.agent.monitoring (its HTTP server and address).
 */
package io.jpm.controller.monitoring;
