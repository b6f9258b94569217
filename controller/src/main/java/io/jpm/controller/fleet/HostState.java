package io.jpm.controller.fleet;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The mutable record of one followed host; only {@link FleetView} touches it, under its lock. */
final class HostState {
  HostEntry entry;
  AgentInfo agent;
  boolean connected;
  Instant lastSeen;
  Instant lastPing;
  String runId = "";
  String version = "";
  // The last state seq taken into account, or -1 when unknown (then the next event sets it and
  // a list follows).
  long stateSeq = -1;
  boolean listPending;
  boolean listAgain;
  int instances;
  int running;
  boolean countsFromBeat;
  String problem;
  final Map<Integer, FleetProcess> processes = new LinkedHashMap<>();

  HostState(HostEntry entry) {
    this.entry = entry;
    // A CURVE refusal looks like silence to the client: name the likely causes.
    this.problem =
        entry.endpoint().startsWith("tcp://")
            ? "not answered yet (the agent is down or unreachable, or does not authorize the"
                + " controller's key: run `jpm keys authorize KEY --name controller --role"
                + " operator` on it)"
            : "not answered yet";
  }

  /** Forgets what the view knew of the agent's run, so the next event starts a resync. */
  void forgetRun() {
    stateSeq = -1;
    listPending = false;
    listAgain = false;
  }

  HostSnapshot snapshot(Connection connection) {
    Map<String, String> labels = new HashMap<>(entry.labels());
    if (agent != null) {
      labels.putAll(agent.labels());
    }
    int n = countsFromBeat ? instances : processes.size();
    int up =
        countsFromBeat
            ? running
            : (int) processes.values().stream().filter(FleetProcess::running).count();
    return new HostSnapshot(
        entry,
        Map.copyOf(labels),
        agent == null ? "" : agent.eventsEndpoint(),
        connection,
        Optional.ofNullable(lastSeen),
        version,
        n,
        up,
        connection == Connection.CONNECTED ? "" : problem,
        List.copyOf(processes.values()));
  }
}
