/**
 * The supervision domain: the instance state machine ({@link
 * io.jpm.agent.supervision.Transitions}), the restart policy, the supervisor that owns the process
 * table, and the ports through which it reaches the OS, timers and subscribers.
 *
 * <p>Allowed dependencies: the JDK only. This package must not import ZeroMQ, protobuf or the
 * generated messages (enforced by DomainBoundaryTest); transports adapt to it, never the reverse.
 */
package io.jpm.agent.supervision;
