package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** metrics and monit --once against a fake agent: lines, JSON, targets, topics. */
class MetricsCommandsTest {
  private static Event sample(long seq, int id, String app, String namespace) {
    return Event.newBuilder()
        .setHost("h1")
        .setRunId("r1")
        .setSeq(seq)
        .setAtMs(Replies.CREATED_AT_MS)
        .setMetrics(
            Metrics.newBuilder()
                .setApp(app)
                .setId(id)
                .setNamespace(namespace)
                .setPid(1000 + id)
                .setState(ProcessState.PROCESS_STATE_RUNNING)
                .setCpuPercent(12.5)
                .setMemoryBytes(12_897_485)
                .setRestarts(2)
                .setUnstableRestarts(1)
                .setUptimeMs(125_000))
        .build();
  }

  private static final Event HEARTBEAT =
      Event.newBuilder().setHost("h1").setHeartbeat(Heartbeat.newBuilder().setVersion("x")).build();

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.LIST,
              Replies.processes(
                  Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING),
                  Replies.process(4, "api", ProcessState.PROCESS_STATE_STOPPED)));

  private FakeAgentConnector agent() {
    return new FakeAgentConnector(client)
        .publishes(
            List.of(
                sample(1, 3, "web", "shop"),
                HEARTBEAT,
                sample(2, 4, "api", "back"),
                sample(3, 3, "web", "shop")));
  }

  @Test
  void metrics_noTarget_printsEverySampleAsOneLine() {
    FakeAgentConnector agent = agent();

    CliRun run = CliRun.run(agent, "metrics");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines().toList())
        .containsExactly(
            "2026-01-02T03:04:05.678Z h1 metrics web#0 (id 3) online pid 1003 cpu 13% mem 12.3mb ↺ 2"
                + " uptime 2m",
            "2026-01-02T03:04:05.678Z h1 metrics api#0 (id 4) online pid 1004 cpu 13% mem 12.3mb ↺ 2"
                + " uptime 2m",
            "2026-01-02T03:04:05.678Z h1 metrics web#0 (id 3) online pid 1003 cpu 13% mem 12.3mb ↺ 2"
                + " uptime 2m");
    assertThat(agent.subscriptions()).containsExactly(List.of("metrics."));
  }

  @Test
  void metrics_appName_subscribesToItsTopicAndPrintsOnlyIt() {
    FakeAgentConnector agent = agent();

    CliRun run = CliRun.run(agent, "metrics", "web");

    assertThat(run.out().lines()).hasSize(2).allMatch(l -> l.contains(" web#0 "));
    assertThat(agent.subscriptions()).containsExactly(List.of("metrics.web."));
    assertThat(client.lastRequest().getList().getTargetsList()).containsExactly("web");
  }

  @Test
  void metrics_namespace_filtersOnItsSide() {
    FakeAgentConnector agent = agent();

    CliRun run = CliRun.run(agent, "metrics", "back");

    assertThat(run.out().lines().toList()).singleElement().asString().contains(" api#0 ");
    assertThat(agent.subscriptions()).containsExactly(List.of("metrics."));
  }

  @Test
  void metrics_id_printsThatInstance() {
    CliRun run = CliRun.run(agent(), "metrics", "4");

    assertThat(run.out().lines().toList()).singleElement().asString().contains("(id 4)");
  }

  @Test
  void metrics_json_fieldsNamedAsInJlist() throws Exception {
    CliRun run = CliRun.run(agent(), "metrics", "--json", "api");

    JsonNode line = new ObjectMapper().readTree(run.out().lines().findFirst().orElseThrow());
    assertThat(line.get("type").asText()).isEqualTo("metrics");
    assertThat(line.get("seq").asLong()).isEqualTo(2);
    assertThat(line.get("name").asText()).isEqualTo("api");
    assertThat(line.get("namespace").asText()).isEqualTo("back");
    assertThat(line.get("id").asInt()).isEqualTo(4);
    assertThat(line.get("pid").asLong()).isEqualTo(1004);
    assertThat(line.get("status").asText()).isEqualTo("online");
    assertThat(line.get("cpu").asDouble()).isEqualTo(12.5);
    assertThat(line.get("memory").asLong()).isEqualTo(12_897_485);
    assertThat(line.get("restarts").asInt()).isEqualTo(2);
    assertThat(line.get("unstableRestarts").asInt()).isEqualTo(1);
    assertThat(line.get("uptimeMs").asLong()).isEqualTo(125_000);
  }

  @Test
  void metrics_unknownTarget_exits1SayingSo() {
    FakeControlClient failing =
        new FakeControlClient()
            .reply(
                Request.CommandCase.LIST,
                Replies.error(
                    ErrorCode.ERROR_CODE_UNKNOWN_TARGET, "no app, id or namespace matches 'x'"));

    CliRun run = CliRun.run(new FakeAgentConnector(failing), "metrics", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("jpm: metrics failed: no app, id or namespace matches 'x'\n");
  }

  @Test
  void events_subscribesToEverythingButMetrics() {
    FakeAgentConnector agent =
        new FakeAgentConnector(
            new FakeControlClient().reply(Request.CommandCase.PING, Replies.ping(1)));

    CliRun.run(agent, "events");

    assertThat(agent.subscriptions()).containsExactly(List.of("state.", "log.", "agent."));
  }

  @Test
  void monit_once_printsHeaderAndTheListTable() {
    CliRun run = CliRun.run(new FakeAgentConnector(client), "monit", "--once");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("jpm monit  h1  1/2 online  ");
    assertThat(lines.get(2)).contains("3", "web", "1003", "online", "12.3mb");
    assertThat(lines.get(3)).contains("4", "api", "stopped");
  }
}
