package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.messages.v1.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `jpm runtime`'s options (its own and `jpm start`'s), and the command lines it refuses before any
 * agent starts. Running the agent is RuntimeIT's.
 */
class RuntimeCommandTest {
  @TempDir Path dir;
  private FakeAgentConnector agent;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("app.js"), "console.log('hi')\n");
    Files.writeString(dir.resolve("app.yaml"), "apps:\n  - name: api\n    script: app.js\n");
    agent = new FakeAgentConnector(new FakeControlClient());
  }

  private CliRun run(String... args) {
    return CliRun.run(CliRun.context(agent, dir), args);
  }

  @Test
  void parse_noOptions_bareLinesAndAutoExit() {
    RuntimeCommand cmd = ParsedCommands.populate(new RuntimeCommand(), "app.yaml");

    assertThat(cmd.formatted()).isFalse();
    assertThat(cmd.autoExit()).isTrue();
  }

  @Test
  void parse_formattedAndNoAutoExit_areSet() {
    RuntimeCommand cmd =
        ParsedCommands.populate(new RuntimeCommand(), "--formatted", "--no-auto-exit", "app.yaml");

    assertThat(cmd.formatted()).isTrue();
    assertThat(cmd.autoExit()).isFalse();
  }

  @Test
  void parse_rawAndFormatted_areExclusive() {
    assertThatThrownBy(
            () -> ParsedCommands.populate(new RuntimeCommand(), "--raw", "--formatted", "app.js"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void toRequest_startOptions_mappedAsStartMapsThem() {
    RuntimeCommand cmd =
        ParsedCommands.populate(
            new RuntimeCommand(),
            "--raw",
            "--name",
            "web",
            "-i",
            "2",
            "--kill-timeout",
            "3s",
            "--no-autorestart",
            "app.js");

    AppSpec app = cmd.toRequest(dir).getApps(0);

    assertThat(app.getName()).isEqualTo("web");
    assertThat(app.getInstances()).isEqualTo(2);
    assertThat(app.getKillTimeoutMs()).isEqualTo(3000);
    assertThat(app.getAutorestart()).isFalse();
    assertThat(app.getScript()).isEqualTo(dir.resolve("app.js").toString());
  }

  @Test
  void help_listsTheRuntimeAndTheStartOptions() {
    CliRun run = run("runtime", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--formatted", "--no-auto-exit", "--kill-timeout", "pm2-runtime");
  }

  @Test
  void execute_configWithAStartOption_isAUsageErrorAndStartsNothing() {
    CliRun run = run("runtime", "--formatted", "app.yaml", "--name", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("A config file takes no other arguments or options than --env; put them in");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_targetNotAFile_isAUsageErrorAndStartsNothing() {
    CliRun run = run("runtime", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("jpm runtime takes a config file, a script or -- COMMAND");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_invalidConfig_failsNamingTheKeyAndStartsNothing() throws IOException {
    Files.writeString(
        dir.resolve("bad.yaml"), "apps:\n  - name: api\n    script: app.js\n    colour: red\n");

    CliRun run = run("runtime", "bad.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("bad.yaml", "api", "colour");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_missingScript_failsAndStartsNothing() {
    CliRun run = run("runtime", "--name", "w", "missing.py");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("script not found");
    assertThat(agent.connects()).isEmpty();
  }
}
