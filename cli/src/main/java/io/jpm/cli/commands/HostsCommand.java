package io.jpm.cli.commands;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.HostsRenderer;
import io.jpm.messages.v1.HostStatus;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm hosts`: the fleet as the controller sees it. */
public final class HostsCommand extends JpmCommand {
  private boolean json;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Lists the fleet's hosts as the controller sees them: host, labels, control endpoint,"
                + " connection (connected, disconnected, or pending: announced, key not accepted"
                + " yet), when it was last heard from, agent version, and running/total instances.",
            "--hosts PATTERN lists only the matching hosts. The controller is --controller,"
                + " $JPM_CONTROLLER, or the local one (jpm controller); exits 4 when none"
                + " answers.");
    spec.addOption(
        Options.flag(() -> json, v -> json = v, "--json")
            .description(
                "Print a JSON array: host, labels, endpoint, eventsEndpoint, connection, lastSeen"
                    + " (ISO-8601 or null), agentVersion, instances, running, publicKey, source,"
                    + " problem.")
            .build());
  }

  @Override
  protected boolean alwaysOnFleet() {
    return true;
  }

  @Override
  protected int execute() {
    return executeOnFleet();
  }

  @Override
  protected int executeOnFleet() {
    List<HostStatus> hosts = fleet().hosts("hosts", hostPattern(), timeout()).getHostsList();
    out()
        .print(
            json
                ? HostsRenderer.json(hosts) + System.lineSeparator()
                : HostsRenderer.table(hosts, Instant.now()));
    return ExitCodes.OK;
  }
}
