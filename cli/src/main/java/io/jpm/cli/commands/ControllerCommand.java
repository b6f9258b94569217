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
import picocli.CommandLine.Model.CommandSpec;

/** `jpm controller`: runs the fleet controller in the foreground. */
public final class ControllerCommand extends JpmCommand {
  private List<String> binds = new ArrayList<>();

  private List<String> announceBinds = new ArrayList<>();

  private Path inventory;

  private String host;

  private String metricsAddress;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Runs the fleet controller for JPM_HOME in the foreground until SIGTERM or SIGINT. It"
                + " follows the hosts of the inventory (default JPM_HOME/inventory.yaml) and of"
                + " JPM_HOME/keys/accepted/, answers `jpm --hosts ...` on ipc://JPM_HOME/ctl.sock"
                + " and re-publishes every agent's events on ipc://JPM_HOME/ctl-pub.sock. See"
                + " docs/fleet.md.");
    spec.addOption(
        Options.list(String.class, () -> binds, v -> binds = v, "--bind")
            .paramLabel("tcp://ADDR:PORT")
            .description("Also serve control on PORT and events on PORT+1 over CURVE (repeatable).")
            .build());
    spec.addOption(
        Options.list(String.class, () -> announceBinds, v -> announceBinds = v, "--announce-bind")
            .paramLabel("tcp://ADDR:PORT")
            .description("Where agents started with --controller announce themselves (CURVE).")
            .build());
    spec.addOption(
        Options.option(Path.class, () -> inventory, v -> inventory = v, "--inventory")
            .paramLabel("FILE")
            .description(
                "The hosts to follow, YAML or JSON (default: JPM_HOME/inventory.yaml if any).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> host, v -> host = v, "--host")
            .paramLabel("NAME")
            .description("Name the controller reports (default: the machine's).")
            .build());
    spec.addOption(
        Options.option(
                String.class, () -> metricsAddress, v -> metricsAddress = v, "--metrics-addr")
            .paramLabel("HOST:PORT|off")
            .converters(new AgentCommand.MetricsAddressText())
            .description(
                "Where the fleet's Prometheus /metrics is served (series tagged host); port 0 picks"
                    + " a free one, `off` serves none (default 127.0.0.1:0; `jpm ping` shows the"
                    + " URL).")
            .build());
  }

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
