package io.jpm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.AgentPaths;
import io.jpm.cli.testing.FakeAgentMain;
import io.jpm.cli.testing.SpawnedProcesses;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Auto-spawn with real processes: a fake agent program, real ipc:// sockets, setsid. */
class AgentSpawnerIT {
  private static final Request PING =
      Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path home;
  private final StringWriter notices = new StringWriter();
  private final SpawnedProcesses processes = new SpawnedProcesses();

  @AfterEach
  void killSpawned() throws Exception {
    processes.trackSpawned(notices.toString());
    processes.close();
  }

  private LocalAgentConnector connector(List<String> agentCommand) {
    AgentPaths paths = new AgentPaths(home);
    AgentSpawner spawner =
        new AgentSpawner(paths, agentCommand, DEADLINE, new PrintWriter(notices, true));
    return new LocalAgentConnector(paths, ZmqControlClient::new, spawner);
  }

  private static List<String> fakeAgent() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        System.getProperty("java.class.path"),
        FakeAgentMain.class.getName());
  }

  @Test
  void connect_noAgent_spawnsOneDetachedAgentThatAnswers() throws Exception {
    try (ControlClient client = connector(fakeAgent()).connect(true)) {
      long pid = client.call(PING, Duration.ofSeconds(5)).getPing().getPid();

      assertThat(notices.toString())
          .isEqualTo("jpm: spawning agent for " + home + " (pid " + pid + ")\n");
      // setsid: the agent leads its own session, so it outlives the terminal.
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String afterName = stat.substring(stat.lastIndexOf(')') + 2);
      assertThat(afterName.split(" ", -1)[3]).isEqualTo(Long.toString(pid));
    }
  }

  @Test
  void connect_agentAlreadyAnswers_spawnsNothing() throws Exception {
    LocalAgentConnector connector = connector(fakeAgent());
    connector.connect(true).close();

    try (ControlClient client = connector.connect(true)) {
      client.call(PING, Duration.ofSeconds(5));
    }

    assertThat(notices.toString().lines()).hasSize(1);
  }

  @Test
  void connect_noAgentAndNoSpawn_unreachableAtOnce() {
    assertThatThrownBy(() -> connector(fakeAgent()).connect(false))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.UNREACHABLE))
        .hasMessage("no agent is running for " + home);
    assertThat(notices.toString()).isEmpty();
  }

  @Test
  void connect_agentExitsAtOnce_failsPointingAtItsLog() throws Exception {
    List<String> broken = List.of("sh", "-c", "echo cannot start: port in use; exit 3");

    assertThatThrownBy(() -> connector(broken).connect(true))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.SPAWN_FAILED))
        .hasMessage("agent did not start; see " + home.resolve("agent.log"));

    assertThat(Files.readString(home.resolve("agent.log"))).contains("cannot start: port in use");
    assertThat(notices.toString()).startsWith("jpm: spawning agent for " + home + " (pid ");
  }

  @Test
  void spawn_passesJpmHomeAndAppendsToTheAgentLog() throws Exception {
    Files.writeString(home.resolve("agent.log"), "earlier run\n");
    List<String> printsHome = List.of("sh", "-c", "echo home=$JPM_HOME; exit 1");

    assertThatThrownBy(() -> connector(printsHome).connect(true))
        .isInstanceOf(ControlException.class);

    assertThat(Files.readString(home.resolve("agent.log")))
        .isEqualTo("earlier run\nhome=" + home + "\n");
  }
}
