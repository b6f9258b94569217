package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/** Starts and stops real agents: JPM_HOME locking, side-by-side homes, socket files, main. */
class AgentLifecycleIT {
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;

  @TempDir Path homeA;
  @TempDir Path homeB;
  private final ZContext ctx = new ZContext(1);
  private final List<Agent> agents = new ArrayList<>();

  @AfterEach
  void stopAgents() {
    agents.forEach(Agent::close);
    ctx.close();
  }

  private Agent start(Path home) throws IOException {
    Agent agent =
        Agent.start(
            AgentConfig.defaults(new AgentPaths(home), "test-host"),
            new SynchronizedLauncher(),
            UsageMeter.none());
    agents.add(agent);
    return agent;
  }

  @Test
  void start_sameHomeTwice_failsNamingHomeAndPid_andFirstKeepsServing() throws IOException {
    start(homeA);
    AgentPaths paths = new AgentPaths(homeA);

    assertThatThrownBy(() -> start(homeA))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "an agent already runs for JPM_HOME "
                + paths.home()
                + " (pid "
                + ProcessHandle.current().pid()
                + ")");
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      assertThat(client.ping().hasPing()).isTrue();
    }
  }

  @Test
  void start_twoHomes_runSideBySideWithSeparateState() throws IOException {
    Agent a = start(homeA);
    Agent b = start(homeB);
    AgentPaths pathsA = new AgentPaths(homeA);
    AgentPaths pathsB = new AgentPaths(homeB);

    try (TestControlClient clientA = TestControlClient.req(ctx, pathsA.controlEndpoint());
        TestControlClient clientB = TestControlClient.req(ctx, pathsB.controlEndpoint())) {
      clientA.call(
          TestControlClient.request()
              .setStart(
                  StartRequest.newBuilder()
                      .addApps(AgentProtos.toProto(TestApp.named("only-a").build())))
              .build());

      Reply listA =
          clientA.call(
              TestControlClient.request().setList(ListRequest.getDefaultInstance()).build());
      Reply listB =
          clientB.call(
              TestControlClient.request().setList(ListRequest.getDefaultInstance()).build());

      assertThat(listA.getProcesses().getProcessesCount()).isEqualTo(1);
      assertThat(listB.getProcesses().getProcessesCount()).isZero();
      assertThat(clientA.ping().getPing().getRunId()).isEqualTo(a.identity().runId());
      assertThat(clientB.ping().getPing().getRunId()).isEqualTo(b.identity().runId());
    }
    assertThat(a.identity().runId()).isNotEqualTo(b.identity().runId());
  }

  @Test
  void socketFiles_afterStart_areUnixSocketsInAnOwnerOnlyDirectory() throws IOException {
    start(homeA);
    AgentPaths paths = new AgentPaths(homeA);

    for (String endpoint : List.of(paths.controlEndpoint(), paths.eventsEndpoint())) {
      Path file = Path.of(endpoint.substring("ipc://".length()));
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      assertThat(mode & S_IFMT).as(file + " is a socket").isEqualTo(S_IFSOCK);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void start_staleSocketFilesFromACrashedAgent_areReplaced() throws IOException {
    AgentPaths paths = new AgentPaths(homeA);
    paths.createDirectories();
    Files.writeString(Path.of(paths.controlEndpoint().substring("ipc://".length())), "stale");

    start(homeA);

    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      assertThat(client.ping().hasPing()).isTrue();
    }
  }

  @Test
  void runForeground_killRequest_returnsZero() throws Exception {
    AgentPaths paths = new AgentPaths(homeA);
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> AgentMain.runForeground(paths, "fg-host"));
    Await.until("agent answers", Duration.ofSeconds(30), () -> Files.exists(paths.pidFile()));

    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      assertThat(client.ping().getPing().getHost()).isEqualTo("fg-host");
      client.call(TestControlClient.request().setKill(KillRequest.getDefaultInstance()).build());
    }

    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(paths.pidFile()).doesNotExist();
  }

  @Test
  void runForeground_homeAlreadyLocked_returnsOne() throws IOException {
    start(homeA);

    assertThat(AgentMain.runForeground(new AgentPaths(homeA), null)).isEqualTo(1);
  }

  @Test
  void sigterm_foregroundAgentProcess_removesItsFilesAndLogsTheStop() throws Exception {
    AgentPaths paths = new AgentPaths(homeA);
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path stderr = homeB.resolve("agent.err");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                AgentMain.class.getName())
            .redirectError(stderr.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("JPM_HOME", homeA.toString());
    Process agentProcess = pb.start();
    try {
      Await.until("agent pid file", Duration.ofSeconds(60), () -> Files.exists(paths.pidFile()));
      try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
        assertThat(client.ping().getPing().getPid()).isEqualTo(agentProcess.pid());
      }

      agentProcess.destroy(); // SIGTERM

      assertThat(agentProcess.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(paths.pidFile()).doesNotExist();
      assertThat(Path.of(paths.controlEndpoint().substring("ipc://".length()))).doesNotExist();
      assertThat(Files.readString(stderr)).contains("agent stopped");
    } finally {
      agentProcess.destroyForcibly();
    }
  }

  @Test
  void start_homeTooDeepForASocketPath_bindsInAnOwnerOnlyTmpDirectory() throws IOException {
    Path deep = homeA.resolve("a".repeat(60)).resolve("b".repeat(60));
    AgentPaths paths = new AgentPaths(deep);
    assertThat(paths.socketDir()).isNotEqualTo(deep);
    try {
      Agent agent = start(deep);

      try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
        assertThat(client.ping().getPing().getControlEndpoint())
            .startsWith("ipc://" + paths.socketDir());
      }
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.socketDir())))
          .isEqualTo("rwx------");
      agent.close();
      assertThat(Path.of(paths.controlEndpoint().substring("ipc://".length()))).doesNotExist();
    } finally {
      Files.deleteIfExists(paths.socketDir());
    }
  }
}
