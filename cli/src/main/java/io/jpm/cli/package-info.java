/**
 * The `jpm` command line: the picocli root ({@link io.jpm.cli.Jpm}), the context an invocation runs
 * in, exit codes, and the per-invocation channel to the agent. May use the commands, client and
 * output packages, picocli, the agent's {@code AgentPaths}/{@code Version}/{@code AgentMain}, and
 * the wire messages; never ZeroMQ directly (only {@code client} does).
 */
package io.jpm.cli;
