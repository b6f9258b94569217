/**
 * Readiness checks and private ports for the supervision domain's {@link
 * io.jpm.agent.supervision.ReadinessProbe} and {@link io.jpm.agent.supervision.PortAllocator}
 * ports: TCP connects and HTTP GETs on an instance's private port, stdout lines matched as the
 * output capture hands them over ({@link io.jpm.agent.logs.LogSink}), and free loopback ports.
 *
 * <p>Allowed dependencies: {@code agent.supervision} (ports and value types), {@code agent.logs}
 * ({@code LogSink}, {@code CapturedLine}, {@code LogStream}), the JDK.
 */
package io.jpm.agent.readiness;
