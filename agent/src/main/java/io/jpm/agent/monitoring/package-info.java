/**
 * The agent's monitoring edge: per-instance and agent meters in a Micrometer {@code
 * PrometheusMeterRegistry} ({@link io.jpm.agent.monitoring.InstanceMeters}, {@link
 * io.jpm.agent.monitoring.AgentMeters}), the {@code /metrics} HTTP endpoint ({@link
 * io.jpm.agent.monitoring.MetricsHttpServer}) and the periodic reporter that takes snapshots from
 * the supervisor loop and hands them to the meters and the event feed ({@link
 * io.jpm.agent.monitoring.MetricsReporter}).
 *
 * <p>Allowed dependencies: io.jpm.agent.supervision value types ({@code InstanceSnapshot}), {@code
 * io.jpm.agent.metrics} (/proc readings), Micrometer, the JDK (com.sun.net.httpserver). Micrometer
 * stays in this package: the domain and the transport never see it. No ZeroMQ, protobuf or
 * generated messages.
 */
package io.jpm.agent.monitoring;
