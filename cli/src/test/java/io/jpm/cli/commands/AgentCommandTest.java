package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.cli.CliContext;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `jpm agent` metrics settings: options first, then JPM_METRICS_* variables, then defaults. */
class AgentCommandTest {
  private final List<AgentConfig> runs = new ArrayList<>();

  private CliRun run(Map<String, String> env, String... args) {
    CliContext context =
        new CliContext(
            new AgentPaths(Path.of("/fake/home")),
            Path.of("/work"),
            new FakeAgentConnector(new FakeControlClient()),
            config -> {
              runs.add(config);
              return 0;
            },
            env);
    return CliRun.run(context, args);
  }

  @Test
  void agent_noSettings_samplesEverySecondAndServesOnLoopback() {
    CliRun run = run(Map.of(), "agent");

    assertThat(run.exitCode()).isZero();
    assertThat(runs)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.metricsInterval()).isEqualTo(Duration.ofSeconds(1));
              assertThat(c.metricsAddress()).contains(MetricsAddress.DEFAULT);
            });
  }

  @Test
  void agent_options_win() {
    run(
        Map.of("JPM_METRICS_ADDR", "off", "JPM_METRICS_INTERVAL", "5s"),
        "agent",
        "--metrics-interval",
        "250ms",
        "--metrics-addr",
        "0.0.0.0:9464");

    assertThat(runs.get(0).metricsInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(runs.get(0).metricsAddress()).contains(new MetricsAddress("0.0.0.0", 9464));
  }

  @Test
  void agent_environment_usedWithoutOptions() {
    run(Map.of("JPM_METRICS_ADDR", "off", "JPM_METRICS_INTERVAL", "2s"), "agent");

    assertThat(runs.get(0).metricsInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(runs.get(0).metricsAddress()).isEqualTo(Optional.empty());
  }

  @Test
  void agent_badAddressOption_isAUsageError() {
    CliRun run = run(Map.of(), "agent", "--metrics-addr", "9464");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--metrics-addr", "expected HOST:PORT or off");
    assertThat(runs).isEmpty();
  }

  @Test
  void agent_badEnvironment_isAUsageErrorNamingTheVariable() {
    CliRun run = run(Map.of("JPM_METRICS_INTERVAL", "0s"), "agent");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("jpm: JPM_METRICS_INTERVAL: ");
    assertThat(runs).isEmpty();
  }
}
