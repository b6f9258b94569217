/**
 * The agent's ZeroMQ/protobuf edge: the control server (ROUTER), the event publisher (PUB) and the
 * mappers between the supervision domain and the jpm/v1 messages.
 *
 * <p>Allowed dependencies: the domain ({@code io.jpm.agent.supervision}), {@code io.jpm.agent}
 * (paths, version), JeroMQ, protobuf and the generated messages. Sockets are owned by exactly one
 * thread each; the Supervisor is reached only through {@code SupervisorLoop}.
 */
package io.jpm.agent.transport;
