package io.jpm.cli.commands;

import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentNetwork;
import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.agent.security.CurveKey;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** `jpm agent`: runs the agent in the foreground, for systemd and containers. */
public final class AgentCommand extends JpmCommand {
  /** Environment variable read when --metrics-interval is not given. */
  static final String INTERVAL_ENV = "JPM_METRICS_INTERVAL";

  /** Environment variable read when --metrics-addr is not given. */
  static final String ADDRESS_ENV = "JPM_METRICS_ADDR";

  private String host;

  private Duration metricsInterval;

  private String metricsAddress;

  private String bind;

  private Map<String, String> labels = new LinkedHashMap<>();

  private String controllerKey;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Runs the agent for JPM_HOME in the foreground (for systemd and containers). It first"
                + " restores the apps a previous agent left, re-adopting those still running. `jpm"
                + " kill` stops it and its apps; SIGTERM or SIGINT (Ctrl-C) stop only the agent,"
                + " leaving the apps running for the next agent. Other commands start one in the"
                + " background when none runs, with the JPM_METRICS_* variables of their"
                + " environment.");
    spec.addOption(
        Options.option(String.class, () -> host, v -> host = v, "--host")
            .paramLabel("NAME")
            .description("Host name the agent reports (default: the machine's).")
            .build());
    spec.addOption(
        Options.option(
                Duration.class,
                () -> metricsInterval,
                v -> metricsInterval = v,
                "--metrics-interval")
            .paramLabel("DUR")
            .converters(new Converters.PositiveDuration())
            .description(
                "How often CPU and memory are sampled and published on the metrics.* topics"
                    + " (default: $JPM_METRICS_INTERVAL, else 1s).")
            .build());
    spec.addOption(
        Options.option(
                String.class, () -> metricsAddress, v -> metricsAddress = v, "--metrics-addr")
            .paramLabel("HOST:PORT|off")
            .converters(new MetricsAddressText())
            .description(
                "Where Prometheus /metrics is served, e.g. 127.0.0.1:9464; port 0 picks a free one,"
                    + " `off` serves none (default: $JPM_METRICS_ADDR, else 127.0.0.1:0). `jpm"
                    + " ping` shows the URL.")
            .build());
    spec.addOption(
        Options.option(String.class, () -> bind, v -> bind = v, "--bind")
            .paramLabel("tcp://ADDR:PORT")
            .description(
                "Also serve control on ADDR:PORT and events on PORT+1 over TCP, CURVE only (port 0:"
                    + " both picked by the kernel); clients need a key in keys/authorized (`jpm"
                    + " keys authorize`).")
            .build());
    spec.addOption(
        Options.map(() -> labels, v -> labels = v, "--label")
            .paramLabel("KEY=VALUE")
            .description("A label for fleet targeting (--hosts label:KEY=VALUE); repeatable.")
            .build());
    spec.addOption(
        Options.option(
                String.class, () -> controllerKey, v -> controllerKey = v, "--controller-key")
            .paramLabel("KEY")
            .description(
                "With the root option --controller tcp://HOST:PORT (its announce endpoint):"
                    + " announce this agent there every 5s (needs --bind); KEY, the controller's"
                    + " public key (or tcp://HOST:PORT#KEY), is authorized as operator (in"
                    + " memory).")
            .build());
  }

  @Override
  protected boolean usesControllerOption() {
    return true;
  }

  @Override
  protected int execute() {
    AgentConfig config =
        AgentConfig.defaults(context().paths(), host)
            .withMetrics(interval(), address())
            .withNetwork(network());
    try {
      return context().agentRunner().run(config);
    } catch (RuntimeException e) {
      throw CliFailure.failed("agent failed: " + e.getMessage());
    }
  }

  private AgentNetwork network() {
    String controller = controllerOption();
    String controllerKey = this.controllerKey;
    if (controller != null && controller.contains("#")) {
      int hash = controller.indexOf('#');
      controllerKey = controllerKey != null ? controllerKey : controller.substring(hash + 1);
      controller = controller.substring(0, hash);
    }
    if ((controller == null) != (controllerKey == null)) {
      throw new CliFailure(ExitCodes.USAGE, "--controller and --controller-key go together");
    }
    try {
      Optional<AgentNetwork.Controller> ctl =
          controller == null
              ? Optional.empty()
              : Optional.of(
                  new AgentNetwork.Controller(controller, CurveKey.require(controllerKey)));
      return new AgentNetwork(Optional.ofNullable(bind), labels, ctl);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage());
    }
  }

  private Duration interval() {
    if (metricsInterval != null) {
      return metricsInterval;
    }
    String env = context().env().get(INTERVAL_ENV);
    if (env == null || env.isBlank()) {
      return AgentConfig.DEFAULT_METRICS_INTERVAL;
    }
    try {
      return new Converters.PositiveDuration().convert(env);
    } catch (TypeConversionException e) {
      throw new CliFailure(ExitCodes.USAGE, INTERVAL_ENV + ": " + e.getMessage());
    }
  }

  private Optional<MetricsAddress> address() {
    if (metricsAddress != null) {
      return MetricsAddress.parse(metricsAddress);
    }
    String env = context().env().get(ADDRESS_ENV);
    if (env == null || env.isBlank()) {
      return Optional.of(MetricsAddress.DEFAULT);
    }
    try {
      return MetricsAddress.parse(env);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(ExitCodes.USAGE, ADDRESS_ENV + ": " + e.getMessage());
    }
  }

  /** Checks HOST:PORT, [IPv6]:PORT or off at parse time, so a typo is a usage error. */
  static final class MetricsAddressText implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        var unused = MetricsAddress.parse(value);
        return value;
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
