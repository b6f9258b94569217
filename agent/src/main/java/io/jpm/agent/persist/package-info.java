/**
 * The agent's memory on disk: JPM_HOME/state.pb, rewritten atomically (coalesced) after every
 * change so a new agent can re-adopt the apps of the one before it, and JPM_HOME/dump.pb, written
 * by `jpm save` and read by `jpm resurrect`. Both hold a jpm.v1.AgentState (state.proto),
 * owner-only because specs carry env values.
 *
 * <p>Allowed dependencies: the domain ({@code io.jpm.agent.supervision}: its export and restore),
 * the generated messages and protobuf, and {@code io.jpm.agent.transport} only for the AppSpec
 * mapping ({@code AgentProtos}) and the {@code StateCommands} port it implements. Files are written
 * only on its own writer thread; the Supervisor is reached only through {@code SupervisorLoop}.
 */
package io.jpm.agent.persist;
