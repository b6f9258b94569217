package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.controller.ControllerConfig;
import io.jpm.controller.ControllerPaths;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `jpm controller` options become the controller's configuration. */
class ControllerCommandTest {
  private static final ControllerPaths PATHS = ControllerPaths.of(Path.of("/fake/home"));

  private static ControllerConfig parse(String... args) {
    ControllerCommand cmd = ParsedCommands.populate(new ControllerCommand(), args);
    return cmd.config(PATHS, Path.of("/work"));
  }

  @Test
  void controller_noOptions_defaultInventoryAndLoopbackMetrics() {
    ControllerConfig config = parse();

    assertThat(config.inventory()).isEmpty();
    assertThat(config.binds()).isEmpty();
    assertThat(config.metricsAddress()).contains(MetricsAddress.DEFAULT);
    assertThat(config.paths()).isEqualTo(PATHS);
  }

  @Test
  void controller_options_setInventoryRelativeToWorkingDirBindsAndMetrics() {
    ControllerConfig config =
        parse(
            "--inventory", "fleet/hosts.yaml",
            "--bind", "tcp://0.0.0.0:7800",
            "--announce-bind", "tcp://0.0.0.0:7810",
            "--metrics-addr", "off",
            "--host", "ctl1");

    assertThat(config.inventory()).contains(Path.of("/work/fleet/hosts.yaml"));
    assertThat(config.binds()).containsExactly("tcp://0.0.0.0:7800");
    assertThat(config.announceBinds()).containsExactly("tcp://0.0.0.0:7810");
    assertThat(config.metricsAddress()).isEqualTo(Optional.empty());
    assertThat(config.hostName()).isEqualTo("ctl1");
  }
}
