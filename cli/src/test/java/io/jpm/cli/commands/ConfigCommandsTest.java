package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jpm start|restart <config>` and `restart --env` against a fake agent: what is sent, and when
 * not.
 */
class ConfigCommandsTest {
  private static final Map<String, String> SHELL = Map.of("PATH", "/usr/bin", "SHELL_ONLY", "yes");
  private static final String CONFIG =
      """
      apps:
        - name: api
          script: api.py
          env: {A: "1"}
          env_production: {A: "prod"}
        - name: worker
          script: api.py
          exec_mode: fork
      """;

  @TempDir Path dir;
  private FakeControlClient client;
  private FakeAgentConnector agent;

  @BeforeEach
  void setUp() throws IOException {
    Files.writeString(dir.resolve("api.py"), "print('hi')\n");
    Files.writeString(dir.resolve("app.yaml"), CONFIG);
    client =
        new FakeControlClient()
            .reply(Request.CommandCase.LIST, Replies.processes())
            .reply(
                Request.CommandCase.START,
                Replies.processes(
                    Replies.process(0, "api", ProcessState.PROCESS_STATE_RUNNING),
                    Replies.process(1, "worker", ProcessState.PROCESS_STATE_RUNNING)))
            .reply(
                Request.CommandCase.RESTART,
                Replies.processes(Replies.process(0, "api", ProcessState.PROCESS_STATE_RUNNING)));
    agent = new FakeAgentConnector(client);
  }

  private CliRun run(String... args) {
    return CliRun.run(CliRun.context(agent, dir, SHELL), args);
  }

  private Request request(Request.CommandCase kind) {
    return client.requests().stream()
        .filter(r -> r.getCommandCase() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " request"));
  }

  @Test
  void start_config_startsEveryAppWithTheShellAsBaseEnv() {
    CliRun run = run("start", "app.yaml");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(Request.CommandCase.LIST, Request.CommandCase.START);
    assertThat(request(Request.CommandCase.START).getStart().getAppsList())
        .extracting(AppSpec::getName, AppSpec::getBaseEnvMap)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("api", SHELL),
            org.assertj.core.groups.Tuple.tuple("worker", SHELL));
    assertThat(run.out()).contains("api").contains("worker");
    assertThat(run.err())
        .isEqualTo(
            "jpm: warning: app.yaml: ignoring pm2 keys that mean nothing to jpm: exec_mode\n");
  }

  @Test
  void start_configWithExistingApp_restartsItWithTheFileSpecAndSaysSo() {
    client.reply(
        Request.CommandCase.LIST,
        Replies.processes(Replies.process(0, "api", ProcessState.PROCESS_STATE_RUNNING)));

    CliRun run = run("start", "app.yaml", "--env", "production");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(
            Request.CommandCase.LIST, Request.CommandCase.START, Request.CommandCase.RESTART);
    assertThat(request(Request.CommandCase.START).getStart().getAppsList())
        .extracting(AppSpec::getName)
        .containsExactly("worker");
    RestartRequest restart = request(Request.CommandCase.RESTART).getRestart();
    assertThat(restart.getTargetsList()).containsExactly("api");
    assertThat(restart.getApps(0).getEnvMap()).isEqualTo(Map.of("A", "prod"));
    assertThat(restart.getApps(0).getBaseEnvMap()).isEqualTo(SHELL);
    assertThat(restart.getBaseEnvMap()).isEqualTo(SHELL);
    assertThat(run.err())
        .contains("jpm: app 'api' exists: restarting it with the settings of app.yaml\n");
  }

  @Test
  void start_invalidConfig_exits1NamingEveryProblemAndSendsNothing() throws IOException {
    Files.writeString(
        dir.resolve("app.yaml"),
        "apps:\n  - {name: a, script: api.py, instances: lots}\n  - {name: b, script: gone.py}\n");

    CliRun run = run("start", "app.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "jpm: app.yaml: app 'a': key 'instances': must be a number or \"max\", got \"lots\"\n"
                + "jpm: app.yaml: app 'b': key 'script': file not found: "
                + dir.resolve("gone.py")
                + "\n");
    assertThat(agent.connects()).as("the agent is not even contacted").isEmpty();
  }

  @Test
  void start_missingConfig_exits1() {
    CliRun run = run("start", "nope.yaml");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("jpm: nope.yaml: no such file\n");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void start_configWithUnknownProfile_exits1AndSendsNothing() {
    CliRun run = run("start", "app.yaml", "--env", "staging");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("profile 'staging' is not defined");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void start_configWithAppOption_isAUsageError() {
    CliRun run = run("start", "app.yaml", "-i", "2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("no other arguments or options than --env");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void start_script_sendsTheShellAsBaseEnv() {
    CliRun run = run("start", "api.py", "--env", "K=V");

    assertThat(run.exitCode()).as(run.err()).isZero();
    AppSpec app = client.lastRequest().getStart().getApps(0);
    assertThat(app.getBaseEnvMap()).isEqualTo(SHELL);
    assertThat(app.getEnvMap()).isEqualTo(Map.of("K", "V"));
  }

  @Test
  void start_scriptWithProfile_isAUsageError() {
    CliRun run = run("start", "api.py", "--env", "production");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("selects a profile of a config file");
  }

  @Test
  void restart_plain_changesNothingButRestarts() {
    CliRun run = run("restart", "api");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.lastRequest().getRestart())
        .isEqualTo(RestartRequest.newBuilder().addTargets("api").build());
  }

  @Test
  void restart_envVariables_sendsThemWithTheShellAsBaseEnv() {
    CliRun run = run("restart", "api", "--env", "C=4", "--env", "D=x=y");

    assertThat(run.exitCode()).as(run.err()).isZero();
    RestartRequest restart = client.lastRequest().getRestart();
    assertThat(restart.getTargetsList()).containsExactly("api");
    assertThat(restart.getEnvUpdatesMap()).isEqualTo(Map.of("C", "4", "D", "x=y"));
    assertThat(restart.getBaseEnvMap()).isEqualTo(SHELL);
    assertThat(restart.getAppsList()).isEmpty();
  }

  @Test
  void restart_config_restartsExistingAppsAndStartsMissingOnes() {
    client.reply(
        Request.CommandCase.LIST,
        Replies.processes(Replies.process(0, "api", ProcessState.PROCESS_STATE_RUNNING)));

    CliRun run = run("restart", "app.yaml");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(request(Request.CommandCase.RESTART).getRestart().getApps(0).getEnvMap())
        .isEqualTo(Map.of("A", "1"));
    assertThat(request(Request.CommandCase.START).getStart().getApps(0).getName())
        .isEqualTo("worker");
  }

  @Test
  void restart_profileWithoutConfig_isAUsageError() {
    CliRun run = run("restart", "api", "--env", "production");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("selects a profile of a config file");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void restart_configAmongOtherTargets_isAUsageError() {
    CliRun run = run("restart", "app.yaml", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(agent.connects()).isEmpty();
  }
}
