package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.cli.CliFailure;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of `jpm start` into a StartRequest, and its usage errors. */
class StartCommandTest {
  @TempDir Path dir;
  private Path script;

  @BeforeEach
  void createScript() throws IOException {
    script = Files.writeString(dir.resolve("app.js"), "console.log('hi')\n");
  }

  private StartRequest parse(String... args) {
    return ParsedCommands.populate(new StartCommand(), args).toRequest(dir);
  }

  private static AppSpec onlyApp(StartRequest request) {
    assertThat(request.getAppsList()).hasSize(1);
    assertThat(request.getTargetsList()).isEmpty();
    return request.getApps(0);
  }

  @Test
  void toRequest_relativeScript_resolvedToAbsolutePathWithArgsAfterDashes() {
    AppSpec app = onlyApp(parse("app.js", "--", "--port", "80", "-v"));

    assertThat(app.getScript()).isEqualTo(script.toString());
    assertThat(app.getArgsList()).containsExactly("--port", "80", "-v");
    assertThat(app.getCwd()).isEqualTo(dir.toString());
    assertThat(app.getCommandList()).isEmpty();
    assertThat(app.getName()).as("the agent derives the default name").isEmpty();
  }

  @Test
  void toRequest_everyOption_mappedToTheSpec() {
    AppSpec app =
        onlyApp(
            parse(
                "--name",
                "web",
                "-i",
                "3",
                "--env",
                "A=1",
                "--env",
                "B=x=y",
                "--interpreter",
                "node",
                "--namespace",
                "shop",
                "--max-restarts",
                "5",
                "--min-uptime",
                "3s",
                "--restart-delay",
                "500ms",
                "--exp-backoff=2s",
                "--kill-timeout",
                "1m",
                "--kill-signal",
                "int",
                "--stop-exit-codes",
                "0,3",
                "--max-memory",
                "200M",
                "--no-autorestart",
                "app.js"));

    assertThat(app.getName()).isEqualTo("web");
    assertThat(app.getInstances()).isEqualTo(3);
    assertThat(app.getInstancesMax()).isFalse();
    assertThat(app.getEnvMap()).isEqualTo(Map.of("A", "1", "B", "x=y"));
    assertThat(app.getInterpreter()).isEqualTo("node");
    assertThat(app.getNamespace()).isEqualTo("shop");
    assertThat(app.getMaxRestarts()).isEqualTo(5);
    assertThat(app.getMinUptimeMs()).isEqualTo(3000);
    assertThat(app.getRestartDelayMs()).isEqualTo(500);
    assertThat(app.getExpBackoffRestartDelayMs()).isEqualTo(2000);
    assertThat(app.getKillTimeoutMs()).isEqualTo(60_000);
    assertThat(app.getKillSignal()).isEqualTo("SIGINT");
    assertThat(app.getStopExitCodesList()).containsExactly(0, 3);
    assertThat(app.getMaxMemoryBytes()).isEqualTo(200L << 20);
    assertThat(app.hasAutorestart()).isTrue();
    assertThat(app.getAutorestart()).isFalse();
  }

  @Test
  void toRequest_portReadyAndListenTimeout_mappedToTheSpec() {
    AppSpec app =
        onlyApp(
            parse(
                "--port",
                "8080",
                "--balance",
                "least-conn",
                "--ready",
                "HTTP:/health",
                "--listen-timeout",
                "10s",
                "app.js"));

    assertThat(app.getPort()).isEqualTo(8080);
    assertThat(app.getBalance()).isEqualTo("least-conn");
    assertThat(app.getReady()).isEqualTo("http:/health");
    assertThat(app.getListenTimeoutMs()).isEqualTo(10_000);
  }

  @Test
  void toRequest_noOptions_leavesOptionalFieldsUnsetForAgentDefaults() {
    AppSpec app = onlyApp(parse("app.js"));

    assertThat(app.hasAutorestart()).isFalse();
    assertThat(app.hasMaxRestarts()).isFalse();
    assertThat(app.hasMinUptimeMs()).isFalse();
    assertThat(app.hasRestartDelayMs()).isFalse();
    assertThat(app.hasExpBackoffRestartDelayMs()).isFalse();
    assertThat(app.hasKillTimeoutMs()).isFalse();
    assertThat(app.hasPort()).isFalse();
    assertThat(app.getReady()).isEmpty();
    assertThat(app.getBalance()).as("the agent's default: round-robin").isEmpty();
    assertThat(app.hasListenTimeoutMs()).isFalse();
    assertThat(app.getInstances()).isZero();
    assertThat(app.getEnvMap()).isEmpty();
  }

  @Test
  void toRequest_expBackoffWithoutValueBeforeScript_defaults100msAndKeepsScript() {
    AppSpec app = onlyApp(parse("--exp-backoff", "app.js"));

    assertThat(app.getExpBackoffRestartDelayMs()).isEqualTo(100);
    assertThat(app.getScript()).isEqualTo(script.toString());
  }

  @Test
  void toRequest_expBackoffWithSeparateValue_usesIt() {
    assertThat(onlyApp(parse("app.js", "--exp-backoff", "1.5s")).getExpBackoffRestartDelayMs())
        .isEqualTo(1500);
  }

  @Test
  void toRequest_instancesMax_setsInstancesMax() {
    assertThat(onlyApp(parse("--instances", "max", "app.js")).getInstancesMax()).isTrue();
  }

  @Test
  void toRequest_cwdOption_resolvesCwdAndScriptInIt() throws IOException {
    Path sub = Files.createDirectory(dir.resolve("srv"));
    Path server = Files.writeString(sub.resolve("server.py"), "print(1)\n");

    AppSpec app = onlyApp(parse("--cwd", "srv", "server.py"));

    assertThat(app.getCwd()).isEqualTo(sub.toString());
    assertThat(app.getScript()).isEqualTo(server.toString());
  }

  @Test
  void toRequest_commandAfterDashes_runsCommandNamedAfterIt() {
    AppSpec app = onlyApp(parse("--name", "sleeper", "--", "sleep", "60"));

    assertThat(app.getName()).isEqualTo("sleeper");
    assertThat(app.getCommandList()).containsExactly("sleep", "60");
    assertThat(app.getScript()).isEmpty();
  }

  @Test
  void toRequest_commandWithoutName_namedAfterProgram() {
    assertThat(onlyApp(parse("--", "/usr/bin/python3.11", "-m", "http.server")).getName())
        .isEqualTo("python3");
  }

  @Test
  void toRequest_namesThatAreNotFiles_becomeTargets() {
    StartRequest request = parse("web", "3", "all");

    assertThat(request.getAppsList()).isEmpty();
    assertThat(request.getTargetsList()).containsExactly("web", "3", "all");
  }

  @ParameterizedTest
  @ValueSource(strings = {"missing.js", "bin/server", "./x"})
  void toRequest_missingScriptFile_failsBeforeContactingTheAgent(String arg) {
    assertThatThrownBy(() -> parse(arg))
        .isInstanceOf(CliFailure.class)
        .hasMessage("start failed: script not found: " + dir.resolve(arg).normalize())
        .extracting(e -> ((CliFailure) e).exitCode())
        .isEqualTo(1);
  }

  @Test
  void toRequest_unknownNameWithAppOption_isAMissingScript() {
    assertThatThrownBy(() -> parse("--name", "x", "web"))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("script not found");
  }

  @Test
  void toRequest_missingCwd_fails() {
    assertThatThrownBy(() -> parse("--cwd", "/nonexistent/dir", "--", "sleep", "1"))
        .isInstanceOf(CliFailure.class)
        .hasMessage("start failed: working directory not found: /nonexistent/dir");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "--bogus app.js",
        "--min-uptime soon app.js",
        "--exp-backoff=0ms app.js",
        "--max-memory lots app.js",
        "--kill-signal SIGNOPE app.js",
        "-i 0 app.js",
        "-i many app.js",
        "--env NOVALUE app.js",
        "--stop-exit-codes 0,x app.js",
        "--max-restarts many app.js",
        "--port 0 app.js",
        "--port 70000 app.js",
        "--balance random app.js",
        "--ready udp app.js",
        "--ready http:health app.js",
        "--ready log:([ app.js",
        "--listen-timeout 0ms app.js",
        "app.js extra",
        "--name x --",
      })
  void execute_usageError_exits2WithoutContactingTheAgent(String line) {
    FakeControlClient client = new FakeControlClient();
    FakeAgentConnector agent = new FakeAgentConnector(client);
    String[] args = ("start " + line).trim().split(" +");

    CliRun run = CliRun.run(CliRun.context(agent, dir), args);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("jpm: ").contains("Try 'jpm start --help'");
    assertThat(run.out()).isEmpty();
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_missingScript_exits1WithOneLineAndNoAgentContact() {
    FakeAgentConnector agent = new FakeAgentConnector(new FakeControlClient());

    CliRun run = CliRun.run(CliRun.context(agent, dir), "start", "nope.js");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("jpm: start failed: script not found: " + dir.resolve("nope.js") + "\n");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_script_sendsStartSpawningIfNeededAndPrintsTheTable() {
    FakeControlClient client =
        new FakeControlClient()
            .reply(
                Request.CommandCase.START,
                Replies.processes(Replies.process(0, "app", ProcessState.PROCESS_STATE_RUNNING)));
    FakeAgentConnector agent = new FakeAgentConnector(client);

    CliRun run = CliRun.run(CliRun.context(agent, dir), "start", "app.js");

    assertThat(run.exitCode()).isZero();
    assertThat(agent.connects()).containsExactly(true);
    assertThat(client.lastRequest().getStart().getApps(0).getScript()).isEqualTo(script.toString());
    assertThat(run.out()).contains("app").contains("online");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void execute_targets_sendsTargetsOnly() {
    FakeControlClient client =
        new FakeControlClient()
            .reply(
                Request.CommandCase.START,
                Replies.processes(Replies.process(4, "web", ProcessState.PROCESS_STATE_RUNNING)));

    CliRun run = CliRun.run(CliRun.context(new FakeAgentConnector(client), dir), "start", "web");

    assertThat(run.exitCode()).isZero();
    assertThat(client.lastRequest().getStart().getTargetsList()).isEqualTo(List.of("web"));
  }
}
