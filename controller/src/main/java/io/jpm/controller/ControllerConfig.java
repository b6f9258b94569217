package io.jpm.controller;

import io.jpm.agent.monitoring.MetricsAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run one controller.
 *
 * @param paths its JPM_HOME layout
 * @param hostName the name it reports in ping replies
 * @param binds extra TCP control endpoints ({@code --bind}); events on the next port
 * @param announceBinds announce endpoints ({@code --announce-bind})
 * @param inventory the inventory file; empty for {@code JPM_HOME/inventory.yaml} if it exists
 * @param metricsAddress where /metrics is served; empty for nowhere
 * @param heartbeat the agents' heartbeat interval (three missed: disconnected)
 * @param pingEvery how often a host that does not answer is pinged
 * @param rescanEvery how often the accepted and pending key files are re-read
 */
public record ControllerConfig(
    ControllerPaths paths,
    String hostName,
    List<String> binds,
    List<String> announceBinds,
    Optional<Path> inventory,
    Optional<MetricsAddress> metricsAddress,
    Duration heartbeat,
    Duration pingEvery,
    Duration rescanEvery) {

  /** Defensive copies. */
  public ControllerConfig {
    binds = List.copyOf(binds);
    announceBinds = List.copyOf(announceBinds);
  }

  /** Local sockets only, the default inventory, /metrics on 127.0.0.1 at a free port. */
  public static ControllerConfig defaults(ControllerPaths paths, String hostName) {
    return new ControllerConfig(
        paths,
        hostName,
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.of(MetricsAddress.DEFAULT),
        Duration.ofSeconds(1),
        Duration.ofMillis(500),
        Duration.ofSeconds(1));
  }

  /** This config with another inventory file. */
  public ControllerConfig withInventory(Path file) {
    return new ControllerConfig(
        paths,
        hostName,
        binds,
        announceBinds,
        Optional.of(file),
        metricsAddress,
        heartbeat,
        pingEvery,
        rescanEvery);
  }

  /** This config with TCP binds. */
  public ControllerConfig withBinds(List<String> control, List<String> announce) {
    return new ControllerConfig(
        paths,
        hostName,
        control,
        announce,
        inventory,
        metricsAddress,
        heartbeat,
        pingEvery,
        rescanEvery);
  }

  /** This config with another /metrics address (empty: not served). */
  public ControllerConfig withMetrics(Optional<MetricsAddress> address) {
    return new ControllerConfig(
        paths,
        hostName,
        binds,
        announceBinds,
        inventory,
        address,
        heartbeat,
        pingEvery,
        rescanEvery);
  }
}
