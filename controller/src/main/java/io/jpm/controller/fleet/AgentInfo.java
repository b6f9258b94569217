package io.jpm.controller.fleet;

import java.util.Map;

/**
 * What an agent says about itself in its ping reply.
 *
 * @param runId random id of the agent's run
 * @param version its software version
 * @param labels its labels (`jpm agent --label`)
 * @param eventsEndpoint where the controller subscribes to its events
 */
public record AgentInfo(
    String runId, String version, Map<String, String> labels, String eventsEndpoint) {
  /** Defensive copy. */
  public AgentInfo {
    labels = Map.copyOf(labels);
  }
}
