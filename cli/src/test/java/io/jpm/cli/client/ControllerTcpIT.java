package io.jpm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.AgentPaths;
import io.jpm.agent.Version;
import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.security.Role;
import io.jpm.controller.Controller;
import io.jpm.controller.ControllerConfig;
import io.jpm.controller.ControllerPaths;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.HostsRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StopRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's controller connector over tcp + CURVE, with this home's key pair as client key. */
class ControllerTcpIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path root;
  private Controller controller;
  private String controllerKey;

  @BeforeEach
  void startController() throws IOException {
    Path ctlHome = root.resolve("controller");
    controllerKey = HomeKeys.loadOrCreate(ctlHome).publicKey();
    String cliKey = HomeKeys.loadOrCreate(root.resolve("cli")).publicKey();
    AuthorizedKeys.ofHome(ctlHome).authorize(cliKey, "laptop", Role.READ);
    controller =
        Controller.start(
            ControllerConfig.defaults(ControllerPaths.of(ctlHome), "ctl")
                .withBinds(List.of("tcp://127.0.0.1:0"), List.of()));
  }

  @AfterEach
  void stopController() {
    controller.close();
  }

  private ControllerAddress address(String option) {
    return ControllerAddress.resolve(option, Map.of(), new AgentPaths(root.resolve("cli")));
  }

  private static Request request(Request.Builder b) {
    return b.setCorrelationId(UUID.randomUUID().toString())
        .setProtocolVersion(Version.PROTOCOL)
        .build();
  }

  @Test
  void tcpControllerWithKey_readKey_pingsAndListsHostsButMayNotStop() throws ControlException {
    ZmqControllerConnector connector =
        new ZmqControllerConnector(CurveClientKeys.ofHome(root.resolve("cli")));
    ControllerAddress addr = address(controller.tcpControlEndpoints().get(0) + "#" + controllerKey);
    try (ControlClient c = connector.connect(addr)) {
      PingReply ping =
          c.call(request(Request.newBuilder().setPing(PingRequest.getDefaultInstance())), WAIT)
              .getPing();
      Reply hosts =
          c.call(request(Request.newBuilder().setHosts(HostsRequest.getDefaultInstance())), WAIT);
      Reply stop = c.call(request(Request.newBuilder().setStop(StopRequest.newBuilder())), WAIT);

      assertThat(ping.getRole()).isEqualTo("controller");
      assertThat(hosts.hasHosts()).as("%s", hosts).isTrue();
      assertThat(stop.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
      assertThat(addr.eventsEndpoint("", ping.getRemoteEventsEndpoint())).isPresent();
    }
  }

  @Test
  void tcpControllerWithKey_homeKeyNotAuthorized_timesOut() {
    ZmqControllerConnector stranger =
        new ZmqControllerConnector(CurveClientKeys.ofHome(root.resolve("stranger")));
    ControllerAddress addr = address(controller.tcpControlEndpoints().get(0) + "#" + controllerKey);
    ControlException failure = null;
    try (ControlClient c = stranger.connect(addr)) {
      c.call(
          request(Request.newBuilder().setPing(PingRequest.getDefaultInstance())),
          Duration.ofSeconds(1));
    } catch (ControlException e) {
      failure = e;
    }

    assertThat(failure).as("a refused key gets no reply").isNotNull();
    assertThat(failure.kind()).isEqualTo(ControlException.Kind.TIMEOUT);
  }
}
