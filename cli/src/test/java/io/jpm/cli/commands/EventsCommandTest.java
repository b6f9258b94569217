package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StateChanged;
import java.util.List;
import org.junit.jupiter.api.Test;

/** events: one line per published message, text or JSON, with lost messages noted on stderr. */
class EventsCommandTest {
  private static Event state(long seq) {
    return Event.newBuilder()
        .setHost("h1")
        .setRunId("r1")
        .setSeq(seq)
        .setAtMs(Replies.CREATED_AT_MS)
        .setState(
            StateChanged.newBuilder()
                .setProcess(Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING))
                .setPrevious(ProcessState.PROCESS_STATE_STARTING)
                .setReason("spawned"))
        .build();
  }

  private static final Event LOG =
      Event.newBuilder()
          .setHost("h1")
          .setRunId("r1")
          .setSeq(1)
          .setLog(
              LogLine.newBuilder()
                  .setApp("web")
                  .setId(3)
                  .setStream(LogLine.Stream.STREAM_ERR)
                  .setLine("oops"))
          .build();

  private static final Event HEARTBEAT =
      Event.newBuilder()
          .setHost("h1")
          .setRunId("r1")
          .setSeq(1)
          .setHeartbeat(Heartbeat.newBuilder().setVersion("0.1.0").setInstances(2).setRunning(1))
          .build();

  private final FakeControlClient client =
      new FakeControlClient().reply(Request.CommandCase.PING, Replies.ping(1));

  @Test
  void events_text_oneLinePerMessage() {
    FakeAgentConnector agent =
        new FakeAgentConnector(client).publishes(List.of(state(1), LOG, HEARTBEAT));

    CliRun run = CliRun.run(agent, "events");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0))
        .isEqualTo("2026-01-02T03:04:05.678Z h1 state web#0 (id 3) launching -> online: spawned");
    assertThat(lines.get(1)).endsWith("h1 log web#0 err| oops");
    assertThat(lines.get(2)).endsWith("h1 heartbeat agent 0.1.0, 1/2 instances running");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void events_json_oneObjectPerLine() throws Exception {
    FakeAgentConnector agent = new FakeAgentConnector(client).publishes(List.of(state(1), LOG));

    List<String> lines = CliRun.run(agent, "events", "--json").out().lines().toList();

    assertThat(lines).hasSize(2);
    JsonNode state = new ObjectMapper().readTree(lines.get(0));
    assertThat(state.get("type").asText()).isEqualTo("state");
    assertThat(state.get("process").get("status").asText()).isEqualTo("online");
    assertThat(state.get("previous").asText()).isEqualTo("launching");
    assertThat(state.get("reason").asText()).isEqualTo("spawned");
    JsonNode log = new ObjectMapper().readTree(lines.get(1));
    assertThat(log.get("type").asText()).isEqualTo("log");
    assertThat(log.get("stream").asText()).isEqualTo("err");
    assertThat(log.get("line").asText()).isEqualTo("oops");
  }

  @Test
  void events_gapInStateSequence_warnsOnStderrOnly() {
    FakeAgentConnector agent =
        new FakeAgentConnector(client).publishes(List.of(state(1), state(2), state(5)));

    CliRun run = CliRun.run(agent, "events");

    assertThat(run.err()).isEqualTo("jpm: warning: missed 2 state events\n");
    assertThat(run.out().lines()).hasSize(3);
  }

  @Test
  void events_noAgent_spawnsOneFirst() {
    FakeAgentConnector agent = new FakeAgentConnector(client).notRunning();

    CliRun.run(agent, "events");

    assertThat(agent.spawns()).isEqualTo(1);
  }
}
