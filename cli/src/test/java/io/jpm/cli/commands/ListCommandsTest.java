package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** list (table) and jlist (JSON) against a fake agent. */
class ListCommandsTest {
  private static final ProcessInfo ONLINE =
      Replies.process(0, "api", ProcessState.PROCESS_STATE_RUNNING).toBuilder()
          .setPort(8080)
          .setRestarts(2)
          .setUnstableRestarts(1)
          .build();
  private static final ProcessInfo ERRORED =
      Replies.process(1, "worker", ProcessState.PROCESS_STATE_FATAL).toBuilder()
          .setExitCode(3)
          .build();

  private final FakeControlClient client =
      new FakeControlClient().reply(Request.CommandCase.LIST, Replies.processes(ONLINE, ERRORED));
  private final FakeAgentConnector agent = new FakeAgentConnector(client);

  @Test
  void list_twoInstances_printsHeaderAndReadableRows() {
    CliRun run = CliRun.run(agent, "list");

    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0).split(" +"))
        .containsExactly(
            "id", "name", "namespace", "instance", "pid", "status", "↺", "uptime", "cpu", "mem");
    assertThat(lines.get(1).split(" +"))
        .containsExactly("0", "api", "default", "0", "1000", "online", "2", "2m", "4%", "12.3mb");
    assertThat(lines.get(2).split(" +"))
        .containsExactly("1", "worker", "default", "0", "-", "errored", "0", "-", "-", "-");
  }

  @Test
  void list_columnsAligned() {
    List<String> lines = CliRun.run(agent, "ls").out().lines().toList();

    int statusColumn = lines.get(0).indexOf("status");
    assertThat(lines.get(1).indexOf("online")).isEqualTo(statusColumn);
    assertThat(lines.get(2).indexOf("errored")).isEqualTo(statusColumn);
  }

  @Test
  void list_targets_passedToTheAgent() {
    CliRun.run(agent, "list", "api");

    assertThat(client.lastRequest().getList().getTargetsList()).containsExactly("api");
  }

  @Test
  void jlist_rows_haveExactlyTheSpecFieldsInOrder() throws Exception {
    CliRun run = CliRun.run(agent, "jlist");

    JsonNode rows = new ObjectMapper().readTree(run.out());
    assertThat(rows.isArray()).isTrue();
    assertThat(rows).hasSize(2);
    List<String> fields = new ArrayList<>();
    rows.get(0).fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactly(
            "host",
            "id",
            "name",
            "namespace",
            "instance",
            "pid",
            "status",
            "restarts",
            "unstableRestarts",
            "uptimeMs",
            "cpu",
            "memory",
            "port",
            "exitCode",
            "createdAt");
    assertThat(run.out().lines()).hasSize(1);
  }

  @Test
  void jlist_runningRow_hasNumbersStatusWordAndIsoCreatedAt() throws Exception {
    JsonNode row = new ObjectMapper().readTree(CliRun.run(agent, "jlist").out()).get(0);

    assertThat(row.get("host").asText()).isEqualTo("h1");
    assertThat(row.get("id").asInt()).isZero();
    assertThat(row.get("pid").asLong()).isEqualTo(1000);
    assertThat(row.get("status").asText()).isEqualTo("online");
    assertThat(row.get("restarts").asInt()).isEqualTo(2);
    assertThat(row.get("unstableRestarts").asInt()).isEqualTo(1);
    assertThat(row.get("uptimeMs").asLong()).isEqualTo(125_000);
    assertThat(row.get("cpu").asDouble()).isEqualTo(3.6);
    assertThat(row.get("memory").asLong()).isEqualTo(12_897_485);
    assertThat(row.get("port").asInt()).isEqualTo(8080);
    assertThat(row.get("exitCode").isNull()).isTrue();
    assertThat(row.get("createdAt").asText()).isEqualTo("2026-01-02T03:04:05.678Z");
  }

  @Test
  void jlist_stoppedRow_hasNullPidPortAndLastExitCode() throws Exception {
    JsonNode row = new ObjectMapper().readTree(CliRun.run(agent, "jlist").out()).get(1);

    assertThat(row.get("pid").isNull()).isTrue();
    assertThat(row.get("port").isNull()).isTrue();
    assertThat(row.get("exitCode").asInt()).isEqualTo(3);
    assertThat(row.get("status").asText()).isEqualTo("errored");
  }

  @Test
  void jlist_noInstances_printsEmptyArray() {
    client.reply(Request.CommandCase.LIST, Replies.processes());

    assertThat(CliRun.run(agent, "jlist").out()).isEqualTo("[]\n");
  }
}
