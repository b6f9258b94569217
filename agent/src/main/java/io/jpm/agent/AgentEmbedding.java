package io.jpm.agent;

import io.jpm.agent.logs.LogSink;
import io.jpm.agent.supervision.EventSink;

/**
 * How a program that runs an agent inside its own JVM (`jpm runtime`) takes part in it: it sees
 * every state change and every captured output line in-process, besides the event feed, and it
 * chooses what SIGTERM and SIGINT do to the apps.
 *
 * @param stateChanges told of every state change after the event feed; called on the supervisor
 *     loop thread, must not block
 * @param outputLines told of every captured output line after the event feed; called on the log
 *     copier thread, must not block
 * @param onSignal what the agent's SIGTERM/SIGINT hook does with the apps
 */
public record AgentEmbedding(EventSink stateChanges, LogSink outputLines, OnSignal onSignal) {

  /** What SIGTERM/SIGINT do to an agent's apps. */
  public enum OnSignal {
    /**
     * Leave them running for the next agent (`jpm agent`, a spawned agent): {@link Agent#leave}.
     */
    LEAVE_APPS,
    /** Stop them, as `jpm kill` does (`jpm runtime`, the container entry point). */
    STOP_APPS
  }

  /** An EventSink that tells {@code first} (the event feed), then {@link #stateChanges}. */
  EventSink statesAfter(EventSink first) {
    return (snapshot, previous, reason, deleted) -> {
      first.stateChanged(snapshot, previous, reason, deleted);
      stateChanges.stateChanged(snapshot, previous, reason, deleted);
    };
  }

  /** A LogSink that tells {@code first} (the event feed), then {@link #outputLines}. */
  LogSink linesAfter(LogSink first) {
    return LogSink.both(first, outputLines);
  }

  /** A plain agent: nothing extra observed, apps left running on a signal. */
  public static AgentEmbedding none() {
    return new AgentEmbedding(EventSink.none(), LogSink.none(), OnSignal.LEAVE_APPS);
  }
}
