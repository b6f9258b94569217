package io.jpm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jpm.agent.Agent;
import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentNetwork;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.security.Role;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.CapturedLogs;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.controller.fleet.Connection;
import io.jpm.controller.fleet.HostSnapshot;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.HostConnection;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.HostStatus;
import io.jpm.messages.v1.HostsRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A controller with `--bind` and three agents over tcp + CURVE (web1, web2 authorize the
 * controller's key, web3 does not): fleet commands, a host that refuses the controller, and remote
 * clients of the controller with a read key, an operator-less key and an unknown key.
 */
class ControllerCurveIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  // A refused client never gets a reply; once the refusal is logged, this is long enough to show
  // that nothing comes after it (as in the agent's AgentCurveIT).
  private static final Duration SHORT = Duration.ofMillis(500);

  @TempDir Path root;
  private final ZContext ctx = new ZContext(1);
  private final CapturedLogs zapLogs = CapturedLogs.of("io.jpm.agent.security");
  private final List<Agent> agents = new ArrayList<>();
  private Controller controller;
  private String controllerKey;

  @BeforeEach
  void startFleet() throws IOException {
    Path ctlHome = root.resolve("controller");
    controllerKey = HomeKeys.loadOrCreate(ctlHome).publicKey();
    StringBuilder inventory = new StringBuilder("hosts:\n");
    for (String host : List.of("web1", "web2", "web3")) {
      Path home = root.resolve(host);
      if (!host.equals("web3")) {
        AuthorizedKeys.ofHome(home).authorize(controllerKey, "controller", Role.OPERATOR);
      }
      Agent agent =
          Agent.start(
              AgentConfig.defaults(new AgentPaths(home), host)
                  .withNetwork(
                      new AgentNetwork(
                          Optional.of("tcp://127.0.0.1:0"),
                          Map.of("role", "web"),
                          Optional.empty())),
              new SynchronizedLauncher(),
              UsageMeter.none());
      agents.add(agent);
      inventory
          .append("  - host: ")
          .append(host)
          .append("\n    endpoint: ")
          .append(agent.identity().remoteControlEndpoint())
          .append("\n    key: \"")
          .append(agent.identity().publicKey())
          .append("\"\n");
    }
    Path file = root.resolve("inventory.yaml");
    Files.writeString(file, inventory);
    controller =
        Controller.start(
            ControllerConfig.defaults(ControllerPaths.of(ctlHome), "ctl")
                .withInventory(file)
                .withBinds(List.of("tcp://127.0.0.1:0"), List.of()));
    for (String host : List.of("web1", "web2")) {
      Await.until(host + " connected over CURVE", WAIT, () -> synced(host));
    }
  }

  @AfterEach
  void stopFleet() {
    try {
      if (controller != null) {
        controller.close();
      }
      agents.forEach(Agent::close);
    } finally {
      ctx.close();
      zapLogs.close();
    }
  }

  private boolean synced(String host) {
    Optional<HostSnapshot> h = controller.view().host(host, Instant.now());
    return h.isPresent()
        && h.get().connection() == Connection.CONNECTED
        && !h.get().eventsEndpoint().isEmpty();
  }

  private TestControlClient local() {
    return TestControlClient.dealer(ctx, controller.controlEndpoints().get(0));
  }

  private TestControlClient remote(CurveKeyPair own, Duration timeout) {
    return TestControlClient.curveDealer(
        ctx, controller.tcpControlEndpoints().get(0), new CurveClient(controllerKey, own), timeout);
  }

  private CurveKeyPair authorizedOnController(Role role, String name) throws IOException {
    CurveKeyPair k = CurveKeyPair.generate();
    AuthorizedKeys.ofHome(root.resolve("controller")).authorize(k.publicKey(), name, role);
    return k;
  }

  private static Request fleet(String hosts, Request.Builder command) {
    return command
        .setProtocolVersion(TestControlClient.request().getProtocolVersion())
        .setCorrelationId("t-" + System.nanoTime())
        .setFleet(FleetSelection.newBuilder().setHosts(hosts))
        .build();
  }

  private static Request.Builder start(String app) {
    return Request.newBuilder()
        .setStart(
            StartRequest.newBuilder().addApps(AgentProtos.toProto(TestApp.named(app).build())));
  }

  private static Request.Builder stop(String app) {
    return Request.newBuilder().setStop(StopRequest.newBuilder().addTargets(app));
  }

  private static Request.Builder list() {
    return Request.newBuilder().setList(ListRequest.getDefaultInstance());
  }

  @Test
  void fleetStartListStop_overCurve_reachAuthorizingAgentsOnly() {
    try (TestControlClient c = local()) {
      Reply started = c.call(fleet("web1,web2", start("api")));
      Reply listed = c.call(fleet("", list()));
      Reply stopped = c.call(fleet("web*", stop("api")));

      assertThat(started.getFleet().getResultsList())
          .extracting(HostResult::getHost, HostResult::getOutcome)
          .containsExactly(
              tuple("web1", HostOutcome.HOST_OUTCOME_OK),
              tuple("web2", HostOutcome.HOST_OUTCOME_OK));
      assertThat(listed.getFleet().getResultsList())
          .extracting(HostResult::getHost, HostResult::getOutcome)
          .containsExactly(
              tuple("web1", HostOutcome.HOST_OUTCOME_OK),
              tuple("web2", HostOutcome.HOST_OUTCOME_OK),
              tuple("web3", HostOutcome.HOST_OUTCOME_NOT_CONNECTED));
      assertThat(listed.getFleet().getResults(0).getReply().getProcesses().getProcessesList())
          .hasSize(1);
      assertThat(stopped.getFleet().getResultsList())
          .extracting(HostResult::getHost, HostResult::getOutcome)
          .containsExactly(
              tuple("web1", HostOutcome.HOST_OUTCOME_OK),
              tuple("web2", HostOutcome.HOST_OUTCOME_OK),
              tuple("web3", HostOutcome.HOST_OUTCOME_NOT_CONNECTED));
      assertThat(stopped.getFleet().getResults(2).getMessage()).contains("authorize");
    }
  }

  @Test
  void agentRefusingTheControllerKey_isDisconnectedWithAProblem() {
    Await.until(
        "web3's agent refused the controller's key",
        WAIT,
        () -> zapLogs.contains("refused CURVE key " + controllerKey));

    HostSnapshot web3 = controller.view().host("web3", Instant.now()).orElseThrow();
    assertThat(web3.connection()).isEqualTo(Connection.DISCONNECTED);
    assertThat(web3.problem()).contains("does not authorize the controller's key");
    assertThat(web3.problem()).contains("jpm keys authorize");
    try (TestControlClient c = local()) {
      Reply hosts =
          c.call(TestControlClient.request().setHosts(HostsRequest.getDefaultInstance()).build());
      assertThat(hosts.getHosts().getHostsList())
          .extracting(HostStatus::getHost, HostStatus::getConnection)
          .containsExactly(
              tuple("web1", HostConnection.HOST_CONNECTION_CONNECTED),
              tuple("web2", HostConnection.HOST_CONNECTION_CONNECTED),
              tuple("web3", HostConnection.HOST_CONNECTION_DISCONNECTED));
    }
  }

  @Test
  void readKey_overTcp_listsButMayNotStop() throws IOException {
    CurveKeyPair reader = authorizedOnController(Role.READ, "ci");
    try (TestControlClient c = remote(reader, TestControlClient.TIMEOUT)) {
      PingReply ping = c.ping().getPing();
      Reply listed = c.call(fleet("", list()));
      Reply stop = c.call(fleet("web1", stop("api")));
      Reply plainStop =
          c.call(TestControlClient.request().setStop(StopRequest.newBuilder()).build());

      assertThat(ping.getRole()).isEqualTo("controller");
      assertThat(ping.getPublicKey()).isEqualTo(controllerKey);
      assertThat(ping.getRemoteControlEndpoint())
          .isEqualTo(controller.tcpControlEndpoints().get(0));
      assertThat(ping.getRemoteEventsEndpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
      assertThat(listed.getFleet().getResultsList()).hasSize(3);
      assertThat(stop.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
      assertThat(plainStop.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
    }
  }

  @Test
  void operatorKey_overTcp_stopsThroughTheFleet() throws IOException {
    CurveKeyPair operator = authorizedOnController(Role.OPERATOR, "ops");
    try (TestControlClient c = remote(operator, TestControlClient.TIMEOUT)) {
      Reply stop = c.call(fleet("web1", stop("nothing-such")));

      assertThat(stop.hasFleet()).as("%s", stop).isTrue();
      assertThat(stop.getFleet().getResultsList())
          .extracting(HostResult::getHost)
          .containsExactly("web1");
    }
  }

  @Test
  void readKey_controllerEvents_overCurveRelayAgentEvents() throws IOException {
    CurveKeyPair reader = authorizedOnController(Role.READ, "ci");
    String events;
    try (TestControlClient c = remote(reader, TestControlClient.TIMEOUT)) {
      events = c.ping().getPing().getRemoteEventsEndpoint();
    }
    ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
    try {
      new CurveClient(controllerKey, reader).apply(sub);
      sub.setReceiveTimeOut((int) WAIT.toMillis());
      sub.subscribe(new byte[0]);
      sub.connect(events);

      // Agents beat every second; the relay forwards their heartbeats.
      byte[] topic = sub.recv();

      assertThat(topic).as("an event relayed over CURVE").isNotNull();
    } finally {
      sub.close();
    }
  }

  @Test
  void unknownKey_getsNoAnswer_andOthersAreStillServed() throws IOException {
    CurveKeyPair reader = authorizedOnController(Role.READ, "ci");
    CurveKeyPair stranger = CurveKeyPair.generate();
    try (TestControlClient refused = remote(stranger, SHORT);
        TestControlClient ok = remote(reader, TestControlClient.TIMEOUT)) {
      refused.sendBody(
          TestControlClient.request()
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray());
      Await.until(
          "the controller refused the stranger",
          WAIT,
          () -> zapLogs.contains("refused CURVE key " + stranger.publicKey()));

      assertThat(refused.receive()).isNull();
      assertThat(ok.ping().getPing().getRole()).isEqualTo("controller");
    }
  }
}
