package io.jpm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.agent.transport.ControlServer;
import io.jpm.controller.testing.TestFleet;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A controller with one agent: hostile or broken requests get errors and it keeps serving; bad
 * selections are refused; /metrics carries the agent's series tagged with host.
 */
class ControllerRobustnessIT {
  @TempDir Path root;
  private final ZContext ctx = new ZContext(1);
  private TestFleet fleet;
  private TestControlClient client;

  @BeforeEach
  void startFleet() throws IOException {
    fleet = new TestFleet(root).agent("web1", "web");
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

  private void assertPingAnswered() {
    Reply ping = client.ping();
    assertThat(ping.getPing().getRole()).isEqualTo("controller");
    assertThat(ping.getPing().getHost()).isEqualTo("ctl");
  }

  private Reply send(byte[] body) {
    client.sendBody(body);
    Reply r = client.receive();
    assertThat(r).as("a reply").isNotNull();
    return r;
  }

  @Test
  void garbageAndUnknownCommand_getErrors_andThePingStillWorks() {
    byte[] garbage = new byte[12];
    Arrays.fill(garbage, (byte) 0xFF);
    byte[] base = TestControlClient.request().build().toByteArray();
    byte[] unknown = Arrays.copyOf(base, base.length + 3);
    unknown[base.length] = (byte) 0x9A; // field 99, length-delimited, empty
    unknown[base.length + 1] = 0x06;
    unknown[base.length + 2] = 0x00;

    assertThat(send(garbage).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_MESSAGE);
    assertThat(send(unknown).getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_COMMAND);
    assertPingAnswered();
  }

  @Test
  void oversizedMessage_isDropped_andTheControllerKeepsServing() {
    try (TestControlClient hostile =
        TestControlClient.dealer(ctx, fleet.controller().controlEndpoints().get(0))) {
      hostile.sendBody(new byte[(int) ControlServer.MAX_MESSAGE_BYTES + 1]);
    }

    assertPingAnswered();
  }

  @Test
  void badPatternOrBatch_invalidArgument_noMatch_unknownTarget() {
    assertThat(fleetError("re:(", "")).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(fleetError("web*", "150%")).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(fleetError("web*", "0")).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(fleetError("db*", "")).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TARGET);
    assertPingAnswered();
  }

  private ErrorCode fleetError(String hosts, String batch) {
    Reply r =
        client.call(
            TestControlClient.request()
                .setFleet(FleetSelection.newBuilder().setHosts(hosts).setBatch(batch))
                .setStart(StartRequest.getDefaultInstance())
                .build());
    return r.getError().getCode();
  }

  @Test
  void metrics_carryTheAgentsSeriesTaggedWithHost_andGoWhenTheAppIsDeleted() throws Exception {
    client.call(
        TestControlClient.request()
            .setFleet(FleetSelection.newBuilder().setHosts("web1"))
            .setStart(
                StartRequest.newBuilder()
                    .addApps(AgentProtos.toProto(TestApp.named("api").build())))
            .build());
    String url = fleet.controller().metricsUrl();
    String series =
        "jpm_process_up{app=\"api\",host=\"web1\",instance=\"0\",namespace=\"default\"} 1";

    Await.until("api's series", TestFleet.WAIT, () -> scrape(url).contains(series));
    client.call(
        TestControlClient.request()
            .setFleet(FleetSelection.newBuilder().setHosts("web1"))
            .setDelete(io.jpm.messages.v1.DeleteRequest.newBuilder().addTargets("api"))
            .build());
    Await.until("api's series gone", TestFleet.WAIT, () -> !scrape(url).contains("app=\"api\""));
  }

  private static String scrape(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
