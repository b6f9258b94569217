package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.AgentPaths;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.FakeControlServer;
import io.jpm.cli.testing.Fleets;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `jpm` with --hosts against a fake controller on the real ipc socket of its JPM_HOME:
 * what goes over the wire, what is printed, the exit codes, and that no agent is ever spawned.
 */
class FleetIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Reply API =
      Replies.processes(Replies.process(1, "api", ProcessState.PROCESS_STATE_RUNNING));

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;
  private AgentPaths paths;

  @BeforeEach
  void home() throws Exception {
    homes = new JpmHomes(tmp);
    jpm = homes.home("ctl");
    paths = new AgentPaths(tmp.resolve("ctl"));
    paths.createDirectories();
  }

  @AfterEach
  void cleanUp() throws Exception {
    homes.close();
  }

  /** The controller's canned answers: two hosts, web2 not connected. */
  private static Reply answer(Request request) {
    return switch (request.getCommandCase()) {
      case HOSTS -> Fleets.hosts("web1", "web2");
      case STOP ->
          Fleets.fleet(
              false,
              Fleets.ok("web1", API),
              Fleets.not("web2", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, "connection refused"));
      case LIST -> Fleets.fleet(false, Fleets.ok("web1", API), Fleets.ok("web2", API));
      default -> Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_COMMAND, "not in this fake");
    };
  }

  private FakeControlServer controller() {
    String endpoint = "ipc://" + paths.socketDir().resolve("ctl.sock");
    return new FakeControlServer(endpoint, FakeControlServer.replying(FleetIT::answer));
  }

  @Test
  void stop_withHosts_printsEachHostsOutcomeAndExits1WhenOneIsNotConnected() throws Exception {
    try (FakeControlServer controller = controller()) {
      Result r = jpm.jpm("--hosts", "web*", "--timeout", "5s", "stop", "api");

      assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
      assertThat(r.out().lines())
          .containsExactly(
              "web1  ok             1 instance (api)", "web2  not connected  connection refused");
      assertThat(r.err()).isEqualTo("jpm: stop did not succeed on 1 of 2 hosts (web2)\n");
      Request stop = controller.received().get(controller.received().size() - 1);
      assertThat(stop.getFleet().getHosts()).isEqualTo("web*");
      assertThat(stop.getFleet().getHostTimeoutMs()).isEqualTo(5000);
      assertThat(stop.getStop().getTargetsList()).containsExactly("api");
    }
    assertNoAgentSpawned();
  }

  @Test
  void jlist_withHosts_printsOneArrayWhoseRowsNameTheirHost() throws Exception {
    try (FakeControlServer controller = controller()) {
      Result r = jpm.jpm("--hosts", "web*", "jlist");

      assertThat(r.exitCode()).as(r.err()).isZero();
      JsonNode rows = JSON.readTree(r.out());
      assertThat(rows).extracting(n -> n.get("host").asText()).containsExactly("web1", "web2");
      assertThat(rows).extracting(n -> n.get("status").asText()).containsOnly("online");
      assertThat(controller.received())
          .filteredOn(Request::hasList)
          .singleElement()
          .satisfies(list -> assertThat(list.getFleet().getHosts()).isEqualTo("web*"));
    }
    assertNoAgentSpawned();
  }

  @Test
  void hosts_printsTheFleetTable() throws Exception {
    try (FakeControlServer controller = controller()) {
      Result r = jpm.jpm("hosts");

      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(r.out().lines().toList())
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).startsWith("web1").contains("connected", "3/4"));
      assertThat(controller.received())
          .singleElement()
          .satisfies(hosts -> assertThat(hosts.hasHosts()).isTrue());
    }
    assertNoAgentSpawned();
  }

  @Test
  void noController_printsOneLineAndExits4() throws Exception {
    Result r = jpm.jpm("--hosts", "web*", "stop", "api");

    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.err())
        .isEqualTo(
            "jpm: no controller at ipc://"
                + paths.socketDir().resolve("ctl.sock")
                + " (start one with: jpm controller)\n");
    assertNoAgentSpawned();
  }

  private void assertNoAgentSpawned() {
    assertThat(Files.exists(paths.socketDir().resolve("rpc.sock"))).isFalse();
    assertThat(Files.exists(paths.pidFile())).isFalse();
  }
}
