package io.jpm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.Agent;
import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentNetwork;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.controller.fleet.Connection;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.HostSnapshot;
import io.jpm.controller.fleet.KeyFiles;
import io.jpm.messages.v1.AnnounceRequest;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A controller with `--announce-bind`: an agent started with `--controller` becomes pending, is
 * followed once accepted; announcements of another key and other requests are refused.
 */
class ControllerAnnounceIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path root;
  private final ZContext ctx = new ZContext(1);
  private Controller controller;
  private Agent agent;
  private String controllerKey;
  private KeyFiles keyFiles;

  @BeforeEach
  void startController() throws IOException {
    Path ctlHome = root.resolve("controller");
    controllerKey = HomeKeys.loadOrCreate(ctlHome).publicKey();
    keyFiles = new KeyFiles(ctlHome.resolve("keys"));
    controller =
        Controller.start(
            ControllerConfig.defaults(ControllerPaths.of(ctlHome), "ctl")
                .withBinds(List.of(), List.of("tcp://127.0.0.1:0")));
  }

  @AfterEach
  void stopAll() {
    try {
      if (agent != null) {
        agent.close();
      }
      controller.close();
    } finally {
      ctx.close();
    }
  }

  private TestControlClient announceClient(CurveKeyPair own) {
    return TestControlClient.curveDealer(
        ctx,
        controller.announceEndpoints().get(0),
        new CurveClient(controllerKey, own),
        TestControlClient.TIMEOUT);
  }

  private static AnnounceRequest announcement(String host, String key) {
    return AnnounceRequest.newBuilder()
        .setHost(host)
        .setControlEndpoint("tcp://127.0.0.1:7700")
        .setEventsEndpoint("tcp://127.0.0.1:7701")
        .setVersion("1.0")
        .setPublicKey(key)
        .build();
  }

  @Test
  void announcingAgent_pendingUntilAccepted_thenConnected() throws IOException {
    agent =
        Agent.start(
            AgentConfig.defaults(new AgentPaths(root.resolve("web1")), "web1")
                .withNetwork(
                    new AgentNetwork(
                        Optional.of("tcp://127.0.0.1:0"),
                        Map.of("role", "web"),
                        Optional.of(
                            new AgentNetwork.Controller(
                                controller.announceEndpoints().get(0), controllerKey)))),
            new SynchronizedLauncher(),
            UsageMeter.none());

    Await.until("web1 pending", WAIT, () -> !keyFiles.pending().isEmpty());
    HostEntry pending = keyFiles.pending().get(0);
    assertThat(pending.name()).isEqualTo("web1");
    assertThat(pending.publicKey()).isEqualTo(agent.identity().publicKey());
    assertThat(pending.endpoint()).isEqualTo(agent.identity().remoteControlEndpoint());
    assertThat(pending.labels()).containsEntry("role", "web");
    Await.until(
        "web1 listed as pending",
        WAIT,
        () ->
            controller.view().snapshots(Instant.now()).stream()
                .anyMatch(h -> h.name().equals("web1") && h.connection() == Connection.PENDING));

    keyFiles.accept("web1");

    Await.until(
        "web1 connected after acceptance",
        WAIT,
        () ->
            controller
                .view()
                .host("web1", Instant.now())
                .map(HostSnapshot::connection)
                .filter(c -> c == Connection.CONNECTED)
                .isPresent());
    assertThat(controller.view().host("web1", Instant.now()).orElseThrow().entry().source())
        .isEqualTo(HostEntry.ANNOUNCED);
  }

  @Test
  void announce_ofAnotherKey_isRefusedAndNotRecorded() throws IOException {
    CurveKeyPair own = CurveKeyPair.generate();
    String other = CurveKeyPair.generate().publicKey();
    try (TestControlClient c = announceClient(own)) {
      Reply spoofed =
          c.call(TestControlClient.request().setAnnounce(announcement("evil", other)).build());
      Reply honest =
          c.call(
              TestControlClient.request()
                  .setAnnounce(announcement("web2", own.publicKey()))
                  .build());

      assertThat(spoofed.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
      assertThat(spoofed.getError().getMessage()).contains(other).contains(own.publicKey());
      assertThat(honest.hasAnnounce()).as("%s", honest).isTrue();
      assertThat(honest.getAnnounce().getAccepted()).isFalse();
      assertThat(keyFiles.pending()).extracting(HostEntry::name).containsExactly("web2");
    }
  }

  @Test
  void announceEndpoint_otherRequests_permissionDenied() {
    try (TestControlClient c = announceClient(CurveKeyPair.generate())) {
      Reply ping =
          c.call(TestControlClient.request().setPing(PingRequest.getDefaultInstance()).build());

      assertThat(ping.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
    }
  }
}
