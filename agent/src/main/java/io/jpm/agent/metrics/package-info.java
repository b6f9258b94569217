/**
 * CPU and memory figures of instance process groups, read from /proc ({@link
 * io.jpm.agent.metrics.ProcfsSampler} implements the supervision domain's UsageMeter port).
 *
 * <p>Allowed dependencies: the JDK and io.jpm.agent.supervision (for the port); no ZeroMQ,
 * protobuf, generated messages or OSHI (a /proc read costs a seventh of an OSHI call).
 */
package io.jpm.agent.metrics;
