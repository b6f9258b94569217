package io.jpm.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.controller.fleet.Connection;
import io.jpm.controller.testing.TestFleet;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.HostConnection;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.HostStatus;
import io.jpm.messages.v1.HostsRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A controller with three real agents (web1, web2 role=web; db1 role=db) and a ghost host over
 * ipc://: targeting, NOT_CONNECTED hosts, rolling restarts that stop, the event relay, restarts.
 */
class ControllerFleetIT {
  @TempDir Path root;
  private final ZContext ctx = new ZContext(1);
  private TestFleet fleet;
  private TestControlClient client;

  @BeforeEach
  void startFleet() throws IOException {
    fleet = new TestFleet(root).agent("web1", "web").agent("web2", "web").agent("db1", "db");
    fleet.ghost("ghost1");
    fleet.startController();
    client = TestControlClient.dealer(ctx, fleet.controller().controlEndpoints().get(0));
  }

  @AfterEach
  void stopFleet() {
    try {
      client.close();
      fleet.close();
    } finally {
      ctx.close();
    }
  }

  private FleetReply fleetCall(String hosts, String batch, Request.Builder command) {
    Reply reply =
        client.call(
            command
                .setProtocolVersion(TestControlClient.request().getProtocolVersion())
                .setCorrelationId("t-" + System.nanoTime())
                .setFleet(FleetSelection.newBuilder().setHosts(hosts).setBatch(batch))
                .build());
    assertThat(reply.hasFleet()).as("fleet reply to %s: %s", hosts, reply).isTrue();
    return reply.getFleet();
  }

  private static Request.Builder start(String app) {
    return Request.newBuilder()
        .setStart(
            StartRequest.newBuilder().addApps(AgentProtos.toProto(TestApp.named(app).build())));
  }

  private static Request.Builder list() {
    return Request.newBuilder().setList(ListRequest.getDefaultInstance());
  }

  private Set<String> hostsRunning(String app) {
    Set<String> out = new HashSet<>();
    for (String host : List.of("web1", "web2", "db1")) {
      try (TestControlClient direct =
          TestControlClient.dealer(ctx, fleet.agentOf(host).identity().controlEndpoint())) {
        Reply r =
            direct.call(
                TestControlClient.request().setList(ListRequest.getDefaultInstance()).build());
        if (r.getProcesses().getProcessesList().stream().anyMatch(p -> p.getName().equals(app))) {
          out.add(host);
        }
      }
    }
    return out;
  }

  @Test
  void globRegexAndLabel_touchExactlyTheMatchingHosts() {
    FleetReply glob = fleetCall("web*", "", start("a"));
    FleetReply regex = fleetCall("re:db[0-9]", "", start("b"));
    FleetReply label = fleetCall("label:role=web", "", start("c"));
    FleetReply comma = fleetCall("web2,db*", "", start("d"));

    assertThat(glob.getResultsList())
        .extracting(HostResult::getHost, HostResult::getOutcome)
        .containsExactly(
            tuple("web1", HostOutcome.HOST_OUTCOME_OK), tuple("web2", HostOutcome.HOST_OUTCOME_OK));
    assertThat(regex.getResultsList()).extracting(HostResult::getHost).containsExactly("db1");
    assertThat(label.getResultsList())
        .extracting(HostResult::getHost)
        .containsExactly("web1", "web2");
    assertThat(comma.getResultsList())
        .extracting(HostResult::getHost)
        .containsExactly("db1", "web2");
    assertThat(hostsRunning("a")).containsExactlyInAnyOrder("web1", "web2");
    assertThat(hostsRunning("b")).containsExactly("db1");
    assertThat(hostsRunning("c")).containsExactlyInAnyOrder("web1", "web2");
    assertThat(hostsRunning("d")).containsExactlyInAnyOrder("web2", "db1");
  }

  @Test
  void allHosts_downHostsAreNotConnected_othersOk_andJlistRowsKeepTheirHost() {
    fleetCall("web*,db*", "", start("api"));
    fleet.stopAgent("web2");
    Await.until(
        "web2 disconnected",
        TestFleet.WAIT,
        () -> !fleet.controller().view().connected("web2", Instant.now()));

    FleetReply all = fleetCall("", "", list());

    assertThat(all.getResultsList())
        .extracting(HostResult::getHost, HostResult::getOutcome)
        .containsExactly(
            tuple("db1", HostOutcome.HOST_OUTCOME_OK),
            tuple("ghost1", HostOutcome.HOST_OUTCOME_NOT_CONNECTED),
            tuple("web1", HostOutcome.HOST_OUTCOME_OK),
            tuple("web2", HostOutcome.HOST_OUTCOME_NOT_CONNECTED));
    assertThat(all.getResults(3).getMessage()).contains("no heartbeat for 3s");
    assertThat(all.getResults(2).getReply().getProcesses().getProcessesList())
        .extracting(ProcessInfo::getHost, ProcessInfo::getName)
        .containsExactly(tuple("web1", "api"));
    assertThat(all.getStoppedEarly()).isFalse();
  }

  @Test
  void rollingRestart_stopsAtTheFirstFailingHost_andLeavesTheRestUntouched() {
    fleetCall("web*,db*", "", start("api"));
    fleet.launcher("web1").failToSpawn("api");

    FleetReply rolled =
        fleetCall(
            "web*,db*",
            "1",
            Request.newBuilder().setRestart(RestartRequest.newBuilder().addTargets("api")));

    assertThat(rolled.getResultsList())
        .extracting(HostResult::getHost, HostResult::getOutcome, HostResult::getBatch)
        .containsExactly(
            tuple("db1", HostOutcome.HOST_OUTCOME_OK, 1),
            tuple("web1", HostOutcome.HOST_OUTCOME_FAILED, 2),
            tuple("web2", HostOutcome.HOST_OUTCOME_NOT_TOUCHED, 3));
    assertThat(rolled.getStoppedEarly()).isTrue();
    assertThat(rolled.getResults(1).getReply().getError().getCode())
        .isEqualTo(ErrorCode.ERROR_CODE_START_FAILED);
    assertThat(rolled.getResults(1).getMessage()).startsWith("start_failed: ");
    assertThat(restartsOf("web2")).as("web2 never restarted").isZero();
    assertThat(restartsOf("db1")).isEqualTo(1);
  }

  private int restartsOf(String host) {
    FleetReply r = fleetCall(host, "", list());
    return r.getResults(0).getReply().getProcesses().getProcesses(0).getRestarts();
  }

  @Test
  void events_fromEveryAgent_arriveOnTheControllerPubTaggedWithHost() {
    Set<String> stateHosts = new HashSet<>();
    try (ZMQ.Socket sub = ctx.createSocket(SocketType.SUB)) {
      sub.setHandshakeIvl(250);
      sub.subscribe("state.".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      sub.setReceiveTimeOut(200);
      sub.connect(fleet.controller().eventsEndpoints().get(0));
      Await.until(
          "state events from all three hosts",
          TestFleet.WAIT,
          () -> {
            if (stateHosts.size() < 3) {
              // Slow joiner: keep starting apps until the subscription is live.
              fleetCall("web*,db*", "", start("e" + System.nanoTime()));
            }
            byte[] topic;
            while ((topic = sub.recv()) != null) {
              byte[] body = sub.recv();
              try {
                stateHosts.add(Event.parseFrom(body).getHost());
              } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
              }
              assertThat(new String(topic, java.nio.charset.StandardCharsets.US_ASCII))
                  .startsWith("state.");
            }
            return stateHosts.size() == 3;
          });
    }
    assertThat(stateHosts).containsExactlyInAnyOrder("web1", "web2", "db1");
  }

  @Test
  void hosts_listTheFleet_andARestartedControllerRebuildsIt() throws IOException {
    fleetCall("web1", "", start("api"));
    Await.until(
        "web1 counted",
        TestFleet.WAIT,
        () -> fleet.controller().view().host("web1", Instant.now()).orElseThrow().instances() == 1);

    fleet.stopController();
    client.close();
    fleet.startController();
    client = TestControlClient.dealer(ctx, fleet.controller().controlEndpoints().get(0));
    Await.until(
        "web1 relisted",
        TestFleet.WAIT,
        () ->
            fleet.controller().view().host("web1", Instant.now()).orElseThrow().processes().size()
                == 1);

    Reply hosts =
        client.call(
            TestControlClient.request().setHosts(HostsRequest.getDefaultInstance()).build());
    assertThat(hosts.getHosts().getHostsList())
        .extracting(HostStatus::getHost, HostStatus::getConnection)
        .containsExactly(
            tuple("db1", HostConnection.HOST_CONNECTION_CONNECTED),
            tuple("ghost1", HostConnection.HOST_CONNECTION_DISCONNECTED),
            tuple("web1", HostConnection.HOST_CONNECTION_CONNECTED),
            tuple("web2", HostConnection.HOST_CONNECTION_CONNECTED));
    HostStatus web1 = hosts.getHosts().getHosts(2);
    assertThat(web1.getLabelsMap()).containsEntry("role", "web");
    assertThat(web1.getInstances()).isEqualTo(1);
    assertThat(web1.getSource()).isEqualTo("inventory");
    assertThat(web1.getAgentVersion()).isNotEmpty();
    assertThat(fleet.controller().view().host("ghost1", Instant.now()).orElseThrow().connection())
        .isEqualTo(Connection.DISCONNECTED);
  }
}
