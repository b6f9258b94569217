package io.jpm.controller.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One host as the controller sees it at one moment (immutable; `jpm hosts` shows it).
 *
 * @param entry how the host is declared
 * @param labels the declared labels with the agent's own on top
 * @param eventsEndpoint the agent's event endpoint as the controller subscribes to it; empty until
 *     known
 * @param connection the connection state
 * @param lastSeen the last time anything arrived from the host
 * @param agentVersion the agent's software version; empty until known
 * @param instances instances the agent supervises
 * @param running how many of them run
 * @param problem the last connection problem, for humans; empty when connected
 * @param processes the instances as last listed and followed through state events
 */
public record HostSnapshot(
    HostEntry entry,
    Map<String, String> labels,
    String eventsEndpoint,
    Connection connection,
    Optional<Instant> lastSeen,
    String agentVersion,
    int instances,
    int running,
    String problem,
    List<FleetProcess> processes) {

  /** The host name. */
  public String name() {
    return entry.name();
  }
}
