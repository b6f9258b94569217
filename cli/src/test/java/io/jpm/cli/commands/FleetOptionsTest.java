package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.FakeControllerConnector;
import io.jpm.cli.testing.Fleets;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The fleet's root options: --hosts, --controller, --parallel, and what they may go with. */
class FleetOptionsTest {
  private final FakeControlClient agentClient =
      new FakeControlClient()
          .reply(
              Request.CommandCase.RELOAD,
              Reply.newBuilder().setReload(ReloadReply.getDefaultInstance()).build())
          .reply(Request.CommandCase.STOP, Replies.processes());
  private final FakeAgentConnector agent = new FakeAgentConnector(agentClient);
  private final FakeControlClient controllerClient =
      new FakeControlClient()
          .reply(Request.CommandCase.HOSTS, Fleets.hosts("web1"))
          .reply(Request.CommandCase.STOP, Fleets.fleet(false));
  private final FakeControllerConnector controller = new FakeControllerConnector(controllerClient);

  private CliRun run(String... args) {
    return run(Map.of(), args);
  }

  private CliRun run(Map<String, String> env, String... args) {
    return CliRun.run(CliRun.context(agent, controller, env), args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "x", "-1", "0%", "101%", "5%%", ""})
  void parallel_badValue_isAUsageError(String value) {
    CliRun run = run("--hosts", "web*", "--parallel", value, "reload", "api");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--parallel");
    assertThat(controller.addresses()).isEmpty();
  }

  @Test
  void parallel_percentWithoutHosts_isAUsageError() {
    CliRun run = run("reload", "api", "--parallel", "50%");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--parallel 50% is a share of the hosts: it needs --hosts");
    assertThat(agent.connects()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "'--parallel,2,reload,api'",
    "'reload,--parallel,2,api'",
    "'reload,api,--parallel=2'"
  })
  void parallel_numberWithoutHosts_isTheLocalReloadsInstancesAtATime(String args) {
    CliRun run = run(args.split(","));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(agentClient.lastRequest().getReload().getParallel()).isEqualTo(2);
    assertThat(controller.addresses()).isEmpty();
  }

  @Test
  void parallel_withoutHostsOnAnotherCommand_isAUsageError() {
    CliRun run = run("--parallel", "2", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--parallel applies to reload");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void parallel_withHostsOnACommandThatDoesNotRoll_isAUsageError() {
    CliRun run = run("--hosts", "web*", "--parallel", "2", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("rolling restart or reload only");
    assertThat(controller.addresses()).isEmpty();
  }

  @Test
  void controller_withoutHosts_isAUsageError() {
    CliRun run = run("--controller", "ipc:///tmp/ctl.sock", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--controller goes with --hosts");
    assertThat(agent.connects()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "tcp://ctl:7700, a tcp controller needs its public key",
    "http://ctl:7700, is not ipc://PATH or tcp://HOST:PORT",
    "tcp://ctl:7700#short, is not a Z85 public key",
  })
  void controller_badEndpoint_isAUsageError(String endpoint, String message) {
    CliRun run = run("--hosts", "*", "--controller", endpoint, "stop", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(controller.addresses()).isEmpty();
  }

  @Test
  void controller_fromEnvironment_isUsedWhenNoOptionIsGiven() {
    CliRun run =
        run(Map.of("JPM_CONTROLLER", "ipc:///elsewhere/ctl.sock"), "--hosts=*", "stop", "web");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(controller.addresses())
        .extracting(a -> a.endpoint())
        .containsOnly("ipc:///elsewhere/ctl.sock");
  }

  @Test
  void controller_default_isTheLocalControllerSocketOfJpmHome() {
    run("--hosts", "*", "stop", "web");

    assertThat(controller.addresses())
        .extracting(a -> a.endpoint())
        .containsOnly("ipc:///fake/home/ctl.sock");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"kill", "update", "startup", "agent", "send web hello", "runtime app.yaml"})
  void hosts_onACommandThatMakesNoSenseOnAFleet_isAUsageError(String command) {
    String[] args = ("--hosts web* " + command).split(" ");

    CliRun run = run(args);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("is not available with --hosts");
    assertThat(agent.connects()).isEmpty();
    assertThat(controller.addresses()).isEmpty();
  }

  @Test
  void hosts_logsWithoutNostream_isAUsageError() {
    CliRun run = run("--hosts", "web*", "logs", "api");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("add --nostream");
  }
}
