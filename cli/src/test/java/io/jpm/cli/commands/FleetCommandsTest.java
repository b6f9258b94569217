package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.FakeControllerConnector;
import io.jpm.cli.testing.Fleets;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Commands with --hosts against a fake controller: what is sent, printed, and the exit code. */
class FleetCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Reply WEB =
      Replies.processes(Replies.process(3, "web", ProcessState.PROCESS_STATE_STOPPED));

  private final FakeAgentConnector agent = new FakeAgentConnector(new FakeControlClient());
  private final FakeControlClient client =
      new FakeControlClient()
          .reply(Request.CommandCase.HOSTS, Fleets.hosts("web1", "web2", "web3", "web4"))
          .reply(Request.CommandCase.PING, Fleets.controllerPing(Path.of("/fake/home")));
  private final FakeControllerConnector controller = new FakeControllerConnector(client);

  private CliRun run(String... args) {
    return CliRun.run(CliRun.context(agent, controller, Map.of()), args);
  }

  @Test
  void stop_everyHostOk_printsOneLinePerHostAndExits0WithoutTouchingTheLocalAgent() {
    client.reply(
        Request.CommandCase.STOP,
        Fleets.fleet(false, Fleets.ok("web1", WEB), Fleets.ok("web2", Replies.processes())));

    CliRun run = run("--hosts", "web*", "stop", "web");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out().lines())
        .containsExactly("web1  ok  1 instance (web)", "web2  ok  no instance");
    Request sent = client.lastRequest();
    assertThat(sent.getFleet().getHosts()).isEqualTo("web*");
    assertThat(sent.getFleet().getBatch()).isEmpty();
    assertThat(sent.getFleet().getHostTimeoutMs()).isZero();
    assertThat(sent.getStop().getTargetsList()).containsExactly("web");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void stop_someHostsNotOk_namesEachOutcomeAndExits1() {
    client.reply(
        Request.CommandCase.STOP,
        Fleets.fleet(
            false,
            Fleets.ok("web1", WEB),
            Fleets.ok("web2", Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_TARGET, "no app web"))
                .toBuilder()
                .setOutcome(HostOutcome.HOST_OUTCOME_FAILED)
                .build(),
            Fleets.not("web3", HostOutcome.HOST_OUTCOME_TIMED_OUT, "no answer within 60s"),
            Fleets.not("web4", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, "connection refused")));

    CliRun run = run("--hosts", "web*", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "web1  ok             1 instance (web)",
            "web2  failed         no app web",
            "web3  timed out      no answer within 60s",
            "web4  not connected  connection refused");
    assertThat(run.err())
        .isEqualTo("jpm: stop did not succeed on 3 of 4 hosts (web2, web3, web4)\n");
  }

  @Test
  void stop_noHostAnswered_exitsWithTheUnreachableCode() {
    client.reply(
        Request.CommandCase.STOP,
        Fleets.fleet(
            false,
            Fleets.not("web1", HostOutcome.HOST_OUTCOME_TIMED_OUT, ""),
            Fleets.not("web2", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, "")));

    CliRun run = run("--hosts", "web*", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).contains("web2  not connected");
  }

  @Test
  void reload_rollStoppedEarly_saysEachHostsBatchAndThatItStopped() {
    client.reply(
        Request.CommandCase.RELOAD,
        Fleets.fleet(
            true,
            Fleets.inBatch(Fleets.ok("web1", reloaded()), 1),
            Fleets.inBatch(Fleets.ok("web2", reloaded()), 1),
            Fleets.inBatch(
                Fleets.not("web3", HostOutcome.HOST_OUTCOME_FAILED, "api[0] not ready in 3s"), 2),
            Fleets.inBatch(Fleets.not("web4", HostOutcome.HOST_OUTCOME_NOT_TOUCHED, ""), 3)));

    CliRun run = run("--hosts", "web*", "--parallel", "50%", "--timeout", "2s", "reload", "api");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().lines())
        .containsExactly(
            "web1  ok           batch 1  1 instance (api)",
            "web2  ok           batch 1  1 instance (api)",
            "web3  failed       batch 2  api[0] not ready in 3s",
            "web4  not touched  batch 3  the roll stopped before its batch");
    assertThat(run.err())
        .isEqualTo(
            "jpm: reload did not succeed on 2 of 4 hosts (web3); stopped early at batch 2:"
                + " 1 host not touched\n");
    Request sent = client.lastRequest();
    assertThat(sent.getFleet().getBatch()).isEqualTo("50%");
    assertThat(sent.getFleet().getHostTimeoutMs()).isEqualTo(2000);
    assertThat(sent.getReload().getTargetsList()).containsExactly("api");
    assertThat(sent.getReload().getParallel()).isZero();
    // 4 hosts, 2 per batch: the CLI waits for 2 batches of 2s each, plus its slack.
    assertThat(client.timeouts()).last().isEqualTo(Duration.ofSeconds(14));
  }

  @Test
  void restart_withEnv_sendsTheUpdatesWithoutThisShellsEnvironment() {
    client.reply(Request.CommandCase.RESTART, Fleets.fleet(false, Fleets.ok("web1", WEB)));

    CliRun run =
        CliRun.run(
            CliRun.context(agent, controller, Map.of("PATH", "/local/bin")),
            "--hosts",
            "web1",
            "restart",
            "web",
            "--env",
            "A=1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.lastRequest().getRestart().getEnvUpdatesMap()).containsEntry("A", "1");
    assertThat(client.lastRequest().getRestart().getBaseEnvMap()).isEmpty();
  }

  @Test
  void jlist_printsOneArrayWithEachRowsHostAndNamesFailedHostsOnStderr() throws Exception {
    client.reply(
        Request.CommandCase.LIST,
        Fleets.fleet(
            false,
            Fleets.ok("web1", WEB),
            Fleets.ok("web2", WEB),
            Fleets.not("web3", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, "connection refused")));

    CliRun run = run("--hosts", "web*", "jlist");

    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode rows = JSON.readTree(run.out());
    assertThat(rows.isArray()).isTrue();
    assertThat(rows).extracting(r -> r.get("host").asText()).containsExactly("web1", "web2");
    assertThat(rows).extracting(r -> r.get("name").asText()).containsOnly("web");
    assertThat(run.err()).isEqualTo("jpm: web3 not connected: connection refused\n");
  }

  @Test
  void list_showsAHostColumn() {
    client.reply(Request.CommandCase.LIST, Fleets.fleet(false, Fleets.ok("web1", WEB)));

    CliRun run = run("--hosts", "web1", "ls");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList().get(0)).startsWith("host  id  name");
    assertThat(run.out().lines().toList().get(1)).startsWith("web1  3   web");
  }

  @Test
  void describe_printsOneSectionPerHost() {
    client.reply(
        Request.CommandCase.DESCRIBE,
        Fleets.fleet(
            false,
            Fleets.ok(
                "web1",
                Reply.newBuilder()
                    .setDescribe(io.jpm.messages.v1.DescribeReply.getDefaultInstance())
                    .build()),
            Fleets.not("web2", HostOutcome.HOST_OUTCOME_TIMED_OUT, "no answer within 5s")));

    CliRun run = run("--hosts", "web*", "describe", "api");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("host web1\n\nhost web2: timed out: no answer within 5s\n");
  }

  @Test
  void noController_printsOneLineAndExits4WithoutSpawningAnAgent() {
    controller.notRunning();

    CliRun run = run("--hosts", "web*", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "jpm: no controller at ipc:///fake/home/ctl.sock (start one with: jpm controller)\n");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void controllerSilent_isReportedAsNoController() {
    client.on(
        Request.CommandCase.HOSTS,
        request -> {
          throw new ControlException(ControlException.Kind.TIMEOUT, "no reply");
        });

    CliRun run = run("--hosts", "web*", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).startsWith("jpm: no controller at ipc:///fake/home/ctl.sock");
  }

  @Test
  void controllerError_exits1WithItsMessage() {
    client.reply(
        Request.CommandCase.STOP,
        Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_TARGET, "no host matches 'db*'"));

    CliRun run = run("--hosts", "db*", "stop", "web");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("jpm: stop failed: no host matches 'db*'\n");
  }

  @Test
  void hosts_printsTheTableAndPassesThePattern() {
    CliRun run = run("--hosts", "web1", "hosts");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList().get(0))
        .containsSubsequence("host", "labels", "endpoint", "connection", "last seen", "version");
    assertThat(run.out()).contains("web1", "role=web", "tcp://10.0.0.2:7700", "connected", "3/4");
    assertThat(client.lastRequest().getHosts().getHosts()).isEqualTo("web1");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void hosts_json_printsAnArray() throws Exception {
    CliRun run = run("hosts", "--json");

    JsonNode hosts = JSON.readTree(run.out());
    assertThat(hosts).hasSize(4);
    assertThat(hosts.get(0).get("connection").asText()).isEqualTo("connected");
    assertThat(client.lastRequest().getHosts().getHosts()).isEmpty();
  }

  @Test
  void events_keepsOnlyTheMatchingHostsEventsFromTheControllersFeed() {
    client.reply(Request.CommandCase.HOSTS, Fleets.hosts("web1"));
    Event heartbeat =
        Event.newBuilder()
            .setHost("web1")
            .setHeartbeat(io.jpm.messages.v1.Heartbeat.getDefaultInstance())
            .build();
    controller.publishes(List.of(heartbeat, heartbeat.toBuilder().setHost("db1").build()));

    CliRun run = run("--hosts", "web1", "events", "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines()).hasSize(1).allMatch(l -> l.contains("\"host\":\"web1\""));
    assertThat(controller.eventEndpoints()).containsExactly("ipc:///fake/home/ctl-pub.sock");
  }

  private static Reply reloaded() {
    return Reply.newBuilder()
        .setReload(
            ReloadReply.newBuilder()
                .addProcesses(Replies.process(1, "api", ProcessState.PROCESS_STATE_RUNNING)))
        .build();
  }
}
