package io.jpm.cli.client;

import java.util.List;

/** Opens connections to the local agent; the seam where tests put a fake agent. */
public interface AgentConnector {

  /**
   * Opens a client to the agent.
   *
   * @param spawnIfAbsent start a detached agent first when none answers; when false and no agent
   *     runs, fail with {@link ControlException.Kind#UNREACHABLE} without waiting
   * @throws ControlException when no agent runs (and none may be spawned) or a spawned one did not
   *     come up
   */
  ControlClient connect(boolean spawnIfAbsent) throws ControlException;

  /** Subscribes to the agent's event feed (the agent must be running). */
  EventStream subscribe() throws ControlException;

  /**
   * Subscribes to the events whose topics start with one of {@code topics} (e.g. "log.web."); all
   * events when empty. A connector may deliver more than asked; callers filter what they print.
   */
  default EventStream subscribe(List<String> topics) throws ControlException {
    return subscribe();
  }
}
