package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.DescribeRequest;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Drives a real agent through its ipc:// control socket: ping, start, list, stop, describe, kill.
 */
class AgentControlIT {
  @TempDir Path home;
  private final SynchronizedLauncher launcher = new SynchronizedLauncher();
  private final ZContext ctx = new ZContext(1);
  private AgentPaths paths;
  private Agent agent;

  @BeforeEach
  void startAgent() throws IOException {
    paths = new AgentPaths(home);
    agent = Agent.start(AgentConfig.defaults(paths, "test-host"), launcher, UsageMeter.none());
  }

  @AfterEach
  void stopAgent() {
    agent.close();
    ctx.close();
  }

  @Test
  void ping_reqClient_answersIdentityAndVersions() {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      Reply reply = client.ping();

      assertThat(reply.getProtocolVersion()).isEqualTo(Version.PROTOCOL);
      assertThat(reply.getAgentVersion()).isEqualTo(Version.software());
      PingReply ping = reply.getPing();
      assertThat(ping.getHost()).isEqualTo("test-host");
      assertThat(ping.getPid()).isEqualTo(ProcessHandle.current().pid());
      assertThat(ping.getVersion()).isEqualTo(Version.software());
      assertThat(ping.getControlEndpoint()).isEqualTo(paths.controlEndpoint());
      assertThat(ping.getEventsEndpoint()).isEqualTo(paths.eventsEndpoint());
      assertThat(ping.getRunId()).isEqualTo(agent.identity().runId()).isNotEmpty();
      assertThat(ping.getStartedAtMs()).isEqualTo(agent.identity().startedAt().toEpochMilli());
      assertThat(ping.getMetricsUrl())
          .isEqualTo(agent.identity().metricsUrl())
          .matches("http://127\\.0\\.0\\.1:[0-9]+/metrics");
    }
  }

  @Test
  void ping_dealerClient_answersWithTheSameEnvelopeAndCorrelationId() {
    try (TestControlClient client = TestControlClient.dealer(ctx, paths.controlEndpoint())) {
      var request = TestControlClient.request().setCorrelationId("corr-42");
      request.setPing(PingRequest.getDefaultInstance());

      Reply reply = client.call(request.build());

      assertThat(reply.getCorrelationId()).isEqualTo("corr-42");
      assertThat(reply.hasPing()).isTrue();
    }
  }

  @Test
  void startListStopDescribe_throughTheSocket_reflectTheSupervisor() {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      Reply started =
          client.call(
              TestControlClient.request()
                  .setStart(
                      StartRequest.newBuilder()
                          .addApps(AgentProtos.toProto(TestApp.named("api").instances(2).build())))
                  .build());
      assertThat(started.getProcesses().getProcessesList())
          .extracting(ProcessInfo::getState)
          .containsExactly(ProcessState.PROCESS_STATE_RUNNING, ProcessState.PROCESS_STATE_RUNNING);

      Reply listed =
          client.call(
              TestControlClient.request().setList(ListRequest.getDefaultInstance()).build());
      assertThat(listed.getProcesses().getProcessesList())
          .extracting(ProcessInfo::getName, ProcessInfo::getInstance, ProcessInfo::getHost)
          .containsExactly(tuple("api", 0, "test-host"), tuple("api", 1, "test-host"));

      Reply stopped =
          client.call(
              TestControlClient.request()
                  .setStop(StopRequest.newBuilder().addTargets("api"))
                  .build());
      assertThat(stopped.getProcesses().getProcessesList())
          .extracting(ProcessInfo::getState)
          .containsOnly(ProcessState.PROCESS_STATE_STOPPED);
      assertThat(launcher.liveCount()).isZero();

      Reply described =
          client.call(
              TestControlClient.request()
                  .setDescribe(DescribeRequest.newBuilder().addTargets("0"))
                  .build());
      assertThat(described.getDescribe().getDetailsList()).hasSize(1);
      assertThat(described.getDescribe().getDetails(0).getSpec().getName()).isEqualTo("api");
      assertThat(described.getDescribe().getDetails(0).getEventsList()).isNotEmpty();
    }
  }

  @Test
  void describe_appWithEnv_replyBytesCarryNamesButNoValues() {
    String secret = "value-that-must-stay-home-93c1";
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      client.call(
          TestControlClient.request()
              .setStart(
                  StartRequest.newBuilder()
                      .addApps(
                          AgentProtos.toProto(
                              TestApp.named("api").env(Map.of("DB_PASSWORD", secret)).build())))
              .build());

      client.sendBody(
          TestControlClient.request()
              .setDescribe(DescribeRequest.newBuilder().addTargets("api"))
              .build()
              .toByteArray());
      byte[] body = client.receiveFrames().get(0);

      String text = new String(body, StandardCharsets.ISO_8859_1);
      assertThat(text).contains("DB_PASSWORD").doesNotContain(secret);
    }
  }

  @Test
  void stop_unknownTarget_answersUnknownTarget() {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      Reply reply =
          client.call(
              TestControlClient.request()
                  .setStop(StopRequest.newBuilder().addTargets("nope"))
                  .build());

      assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TARGET);
      assertThat(reply.getError().getMessage()).contains("nope");
    }
  }

  @Test
  void kill_runningApps_stopsThemRepliesAndRemovesItsFiles() throws Exception {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      client.call(
          TestControlClient.request()
              .setStart(
                  StartRequest.newBuilder()
                      .addApps(AgentProtos.toProto(TestApp.named("api").instances(3).build())))
              .build());

      Reply reply =
          client.call(
              TestControlClient.request().setKill(KillRequest.getDefaultInstance()).build());

      assertThat(reply.getKill().getStopped()).isEqualTo(3);
      assertThat(agent.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(launcher.liveCount()).isZero();
      assertThat(paths.pidFile()).doesNotExist();
      assertThat(Path.of(paths.controlEndpoint().substring("ipc://".length()))).doesNotExist();
      assertThat(Path.of(paths.eventsEndpoint().substring("ipc://".length()))).doesNotExist();
    }
    // The lock is free again: a new agent starts on the same JPM_HOME.
    agent = Agent.start(AgentConfig.defaults(paths, "test-host"), launcher, UsageMeter.none());
    assertThat(Files.readString(paths.pidFile()).trim())
        .isEqualTo(Long.toString(ProcessHandle.current().pid()));
  }
}
