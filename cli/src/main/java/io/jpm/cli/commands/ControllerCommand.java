package io.jpm.cli.commands;

import io.jpm.agent.AgentConfig;
import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.controller.ControllerConfig;
import io.jpm.controller.ControllerMain;
import io.jpm.controller.ControllerPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `jpm controller`: runs the fleet controller in the foreground. */
@Command(
    name = "controller",
    description =
        "Runs the fleet controller for JPM_HOME in the foreground until SIGTERM or SIGINT. It"
            + " follows the hosts of the inventory (default JPM_HOME/inventory.yaml) and of"
            + " JPM_HOME/keys/accepted/, answers `jpm --hosts ...` on ipc://JPM_HOME/ctl.sock and"
            + " re-publishes every agent's events on ipc://JPM_HOME/ctl-pub.sock. See"
            + " docs/fleet.md.")
public final class ControllerCommand extends JpmCommand {
  @Option(
      names = "--bind",
      paramLabel = "tcp://ADDR:PORT",
      description = "Also serve control on PORT and events on PORT+1 over CURVE (repeatable).")
  private List<String> binds = new ArrayList<>();

  @Option(
      names = "--announce-bind",
      paramLabel = "tcp://ADDR:PORT",
      description = "Where agents started with --controller announce themselves (CURVE).")
  private List<String> announceBinds = new ArrayList<>();

  @Option(
      names = "--inventory",
      paramLabel = "FILE",
      description = "The hosts to follow, YAML or JSON (default: JPM_HOME/inventory.yaml if any).")
  private Path inventory;

  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Name the controller reports (default: the machine's).")
  private String host;

  @Option(
      names = "--metrics-addr",
      paramLabel = "HOST:PORT|off",
      converter = AgentCommand.MetricsAddressText.class,
      description =
          "Where the fleet's Prometheus /metrics is served (series tagged host); port 0 picks a"
              + " free one, `off` serves none (default 127.0.0.1:0; `jpm ping` shows the URL).")
  private String metricsAddress;

  @Override
  protected int execute() {
    return ControllerMain.runForeground(
        config(ControllerPaths.of(context().paths().home()), context().workingDir()));
  }

  /** The configuration these options give for a controller in {@code paths}. */
  ControllerConfig config(ControllerPaths paths, Path workingDir) {
    ControllerConfig config =
        ControllerConfig.defaults(paths, host == null ? AgentConfig.localHostName() : host)
            .withBinds(binds, announceBinds)
            .withMetrics(
                metricsAddress == null
                    ? Optional.of(MetricsAddress.DEFAULT)
                    : MetricsAddress.parse(metricsAddress));
    return inventory == null
        ? config
        : config.withInventory(workingDir.resolve(inventory).normalize());
  }
}
