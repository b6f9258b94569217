package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.KillReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import org.junit.jupiter.api.Test;

/** ping and kill: they talk only to a running agent and never spawn one. */
class PingKillCommandsTest {
  // No process has this pid (pid_max is at most 2^22), so kill does not wait for it.
  private static final long GONE_PID = 99_999_999L;

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(Request.CommandCase.PING, Replies.ping(GONE_PID))
          .reply(
              Request.CommandCase.KILL,
              Reply.newBuilder().setKill(KillReply.newBuilder().setStopped(2)).build());

  @Test
  void ping_runningAgent_printsVersionHostPidAndEndpoints() {
    CliRun run = CliRun.run(new FakeAgentConnector(client), "ping");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("agent 0.1.0-SNAPSHOT on h1, pid 99999999\n")
        .contains("ipc:///fake/home/rpc.sock")
        .contains("ipc:///fake/home/pub.sock");
  }

  @Test
  void ping_json_hasVersionHostPidAndEndpoints() throws Exception {
    CliRun run = CliRun.run(new FakeAgentConnector(client), "ping", "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
    assertThat(json.get("host").asText()).isEqualTo("h1");
    assertThat(json.get("pid").asLong()).isEqualTo(GONE_PID);
    assertThat(json.get("endpoints").get("control").asText())
        .isEqualTo("ipc:///fake/home/rpc.sock");
    assertThat(json.get("endpoints").get("events").asText()).isEqualTo("ipc:///fake/home/pub.sock");
    assertThat(json.get("endpoints").get("metrics").isNull()).isTrue();
  }

  @Test
  void ping_noAgent_exits4WithoutSpawning() {
    FakeAgentConnector agent = new FakeAgentConnector(client).notRunning();

    CliRun run = CliRun.run(agent, "ping");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).isEqualTo("jpm: ping failed: no agent is running for /fake/home\n");
    assertThat(run.out()).isEmpty();
    assertThat(agent.connects()).containsExactly(false);
    assertThat(agent.spawns()).isZero();
  }

  @Test
  void kill_runningAgent_sendsKillAndReports() {
    FakeAgentConnector agent = new FakeAgentConnector(client);

    CliRun run = CliRun.run(agent, "kill");

    assertThat(run.exitCode()).isZero();
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(Request.CommandCase.PING, Request.CommandCase.KILL);
    assertThat(run.out()).isEqualTo("agent stopped (pid 99999999, 2 instances stopped)\n");
    assertThat(agent.connects()).containsOnly(false);
  }

  @Test
  void kill_noAgent_saysSoAndExits0WithoutSpawning() {
    FakeAgentConnector agent = new FakeAgentConnector(client).notRunning();

    CliRun run = CliRun.run(agent, "kill");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("no agent is running for /fake/home\n");
    assertThat(agent.spawns()).isZero();
    assertThat(client.requests()).isEmpty();
  }
}
