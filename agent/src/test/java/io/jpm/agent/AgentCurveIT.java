package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.Role;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.CapturedLogs;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/** An agent with `--bind`: CURVE control on TCP, roles from keys/authorized, refusals logged. */
class AgentCurveIT {
  // A refused client never gets a reply; once the refusal is logged, this is long enough to show
  // that nothing comes after it.
  private static final Duration SHORT = Duration.ofMillis(500);
  private static final Duration LONG = TestControlClient.TIMEOUT;

  @TempDir Path home;
  private final ZContext ctx = new ZContext(1);
  private final CapturedLogs logs = CapturedLogs.of("io.jpm.agent");
  private AuthorizedKeys authorized;
  private Agent agent;

  @BeforeEach
  void startAgent() throws IOException {
    authorized = AuthorizedKeys.ofHome(home);
    AgentConfig config =
        AgentConfig.defaults(new AgentPaths(home), "web1")
            .withNetwork(
                new AgentNetwork(
                    Optional.of("tcp://127.0.0.1:0"), Map.of("role", "web"), Optional.empty()));
    agent = Agent.start(config, new SynchronizedLauncher(), UsageMeter.none());
  }

  @AfterEach
  void stopAgent() {
    agent.close();
    ctx.close();
    logs.close();
  }

  private TestControlClient client(CurveKeyPair own, Duration timeout) {
    return TestControlClient.curveDealer(
        ctx,
        agent.identity().remoteControlEndpoint(),
        new CurveClient(agent.identity().publicKey(), own),
        timeout);
  }

  private CurveKeyPair authorizedKey(Role role, String name) throws IOException {
    CurveKeyPair k = CurveKeyPair.generate();
    authorized.authorize(k.publicKey(), name, role);
    return k;
  }

  private static Reply start(TestControlClient c, String app) {
    return c.call(
        TestControlClient.request()
            .setStart(
                StartRequest.newBuilder().addApps(AgentProtos.toProto(TestApp.named(app).build())))
            .build());
  }

  private static Reply stop(TestControlClient c, String app) {
    return c.call(
        TestControlClient.request().setStop(StopRequest.newBuilder().addTargets(app)).build());
  }

  private static Reply list(TestControlClient c) {
    return c.call(TestControlClient.request().setList(ListRequest.getDefaultInstance()).build());
  }

  @Test
  void ping_overTcp_showsEndpointsLabelsKeyAndRole() throws IOException {
    try (TestControlClient c = client(authorizedKey(Role.READ, "ci"), LONG)) {
      PingReply ping = c.ping().getPing();
      assertThat(ping.getRemoteControlEndpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
      assertThat(ping.getRemoteEventsEndpoint())
          .matches("tcp://127\\.0\\.0\\.1:\\d+")
          .isNotEqualTo(ping.getRemoteControlEndpoint());
      assertThat(ping.getPublicKey())
          .isEqualTo(Files.readString(home.resolve("keys/id.pub")).strip());
      assertThat(ping.getLabelsMap()).containsExactly(Map.entry("role", "web"));
      assertThat(ping.getRole()).isEqualTo("agent");
      assertThat(ping.getHost()).isEqualTo("web1");
    }
  }

  @Test
  void operatorKey_startAndStopOverTcp_done() throws IOException {
    try (TestControlClient c = client(authorizedKey(Role.OPERATOR, "ops"), LONG)) {
      assertThat(start(c, "api").getProcesses().getProcesses(0).getState())
          .isEqualTo(ProcessState.PROCESS_STATE_RUNNING);
      assertThat(stop(c, "api").getProcesses().getProcesses(0).getState())
          .isEqualTo(ProcessState.PROCESS_STATE_STOPPED);
    }
  }

  @Test
  void readKey_listAllowedButStopDenied_appStillRuns() throws IOException {
    try (TestControlClient ops = client(authorizedKey(Role.OPERATOR, "ops"), LONG);
        TestControlClient reader = client(authorizedKey(Role.READ, "ci"), LONG)) {
      start(ops, "api");

      Reply denied = stop(reader, "api");

      assertThat(denied.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_PERMISSION_DENIED);
      assertThat(denied.getError().getMessage()).contains("read:ci").contains("stop");
      assertThat(list(reader).getProcesses().getProcesses(0).getState())
          .isEqualTo(ProcessState.PROCESS_STATE_RUNNING);
      assertThat(logs.contains("denied stop to read:ci")).isTrue();
    }
  }

  @Test
  void unknownKey_getsNoReplyAndIsLogged_whileAnAuthorizedClientIsServed() throws IOException {
    CurveKeyPair stranger = CurveKeyPair.generate();
    try (TestControlClient known = client(authorizedKey(Role.READ, "ci"), LONG);
        TestControlClient unknown = client(stranger, SHORT)) {
      unknown.sendBody(
          TestControlClient.request()
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray());
      Await.until(
          "the refusal line",
          LONG,
          () -> logs.contains("refused CURVE key " + stranger.publicKey() + " from 127.0.0.1"));

      assertThat(unknown.receive()).isNull();
      assertThat(known.ping().hasPing()).isTrue();
    }
  }

  /**
   * JeroMQ 0.7.0 reports no monitor event when a plaintext client meets a CURVE server (the
   * mechanism mismatch just closes the connection), so this refusal has no log line of its own.
   */
  @Test
  void plaintextClient_getsNoReply_whileAnAuthorizedClientIsServed() throws IOException {
    String tcp = agent.identity().remoteControlEndpoint();
    try (TestControlClient known = client(authorizedKey(Role.READ, "ci"), LONG);
        TestControlClient plain = TestControlClient.dealer(ctx, tcp, SHORT)) {
      plain.sendBody(
          TestControlClient.request()
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray());
      assertThat(known.ping().hasPing()).isTrue();
      assertThat(plain.receive()).isNull();
    }
  }

  @Test
  void revoke_appliesToTheNextConnection() throws IOException {
    CurveKeyPair k = authorizedKey(Role.READ, "ci");
    try (TestControlClient before = client(k, LONG)) {
      assertThat(before.ping().hasPing()).isTrue();
    }
    authorized.revoke("ci");
    try (TestControlClient after = client(k, SHORT)) {
      after.sendBody(
          TestControlClient.request()
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray());
      Await.until(
          "the refusal line", LONG, () -> logs.contains("refused CURVE key " + k.publicKey()));
      assertThat(after.receive()).isNull();
    }
  }

  @Test
  void malformedAuthorizedLines_ignoredWithALogLine_validLineStillWorks() throws IOException {
    CurveKeyPair k = CurveKeyPair.generate();
    Files.writeString(
        authorized.file(),
        "read not-a-key x\nwizard " + k.publicKey() + " y\nread " + k.publicKey() + " ci\n");
    Files.setPosixFilePermissions(
        authorized.file(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    try (TestControlClient c = client(k, LONG)) {
      assertThat(c.ping().hasPing()).isTrue();
    }
    assertThat(logs.lines())
        .anyMatch(l -> l.contains("line 1: ") && l.contains("ignored"))
        .anyMatch(l -> l.contains("line 2: ") && l.contains("'wizard'"));
  }
}
