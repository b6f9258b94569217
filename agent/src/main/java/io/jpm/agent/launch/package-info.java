/**
 * The agent's OS shell for processes: creates instance processes in their own session and process
 * group with output going to log files, and signals whole process groups ({@link
 * io.jpm.agent.launch.OsProcessLauncher} implements the supervision domain's ProcessLauncher port).
 *
 * <p>Allowed dependencies: the JDK and io.jpm.agent.supervision (for the port and signal names); no
 * ZeroMQ, protobuf or generated messages. Linux only, like the rest of the agent.
 */
package io.jpm.agent.launch;
