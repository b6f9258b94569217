package io.jpm.controller.fleet;

/**
 * What the controller reads from one event of an agent's feed to follow it.
 *
 * @param runId the agent run that published it
 * @param kind which stream it belongs to
 * @param seq its sequence number in that stream
 * @param heartbeat the heartbeat's content (kind HEARTBEAT), else null
 * @param change the state change (kind STATE), else null
 */
public record AgentEvent(String runId, Kind kind, long seq, Beat heartbeat, Change change) {

  /** Event streams the view cares about. */
  public enum Kind {
    STATE,
    HEARTBEAT,
    OTHER
  }

  /** A heartbeat: version, the last state seq published, and the instance counts. */
  public record Beat(String version, long lastStateSeq, int instances, int running) {}

  /** A state change: the instance after it, and whether it was deleted. */
  public record Change(FleetProcess process, boolean deleted) {}

  /** A state event. */
  public static AgentEvent state(String runId, long seq, FleetProcess process, boolean deleted) {
    return new AgentEvent(runId, Kind.STATE, seq, null, new Change(process, deleted));
  }

  /** A heartbeat. */
  public static AgentEvent heartbeat(String runId, long seq, Beat beat) {
    return new AgentEvent(runId, Kind.HEARTBEAT, seq, beat, null);
  }

  /** Any other event (log, metrics): only proves the host is alive. */
  public static AgentEvent other(String runId, long seq) {
    return new AgentEvent(runId, Kind.OTHER, seq, null, null);
  }
}
