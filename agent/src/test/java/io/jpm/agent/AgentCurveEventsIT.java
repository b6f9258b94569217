package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.CurveServer;
import io.jpm.agent.security.Role;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.CapturedLogs;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.messages.v1.AnnounceReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A `--bind` agent's CURVE event feed, its survival of jeromq#1005, and its announcements. */
class AgentCurveEventsIT {
  private static final Duration LONG = TestControlClient.TIMEOUT;

  @TempDir Path home;
  private final ZContext ctx = new ZContext(1);
  private final CapturedLogs logs = CapturedLogs.of("io.jpm.agent");
  private Agent agent;

  private Agent start(Optional<AgentNetwork.Controller> controller) throws IOException {
    AgentConfig config =
        AgentConfig.defaults(new AgentPaths(home), "web1")
            .withNetwork(
                new AgentNetwork(
                    Optional.of("tcp://127.0.0.1:0"), Map.of("dc", "par"), controller));
    agent = Agent.start(config, new SynchronizedLauncher(), UsageMeter.none());
    return agent;
  }

  @AfterEach
  void stop() {
    if (agent != null) {
      agent.close();
    }
    ctx.close();
    logs.close();
  }

  private ZMQ.Socket subscriber(CurveKeyPair own) {
    ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
    new CurveClient(agent.identity().publicKey(), own).apply(sub);
    sub.subscribe("agent.heartbeat");
    sub.setReceiveTimeOut(50);
    sub.connect(agent.identity().remoteEventsEndpoint());
    return sub;
  }

  private static boolean drain(ZMQ.Socket sub, AtomicInteger received) {
    ZMsg m;
    while ((m = ZMsg.recvMsg(sub, ZMQ.DONTWAIT)) != null) {
      m.destroy();
      received.incrementAndGet();
    }
    return true;
  }

  @Test
  void events_authorizedSubscriberReceives_unknownOneReceivesNothing() throws IOException {
    start(Optional.empty());
    CurveKeyPair reader = CurveKeyPair.generate();
    AuthorizedKeys.ofHome(home).authorize(reader.publicKey(), "ci", Role.READ);
    CurveKeyPair stranger = CurveKeyPair.generate();
    AtomicInteger known = new AtomicInteger();
    AtomicInteger unknown = new AtomicInteger();
    ZMQ.Socket good = subscriber(reader);
    ZMQ.Socket bad = subscriber(stranger);

    Await.until(
        "the stranger refused",
        LONG,
        () -> logs.contains("refused CURVE key " + stranger.publicKey()));
    // Heartbeats come every second; three of them reached the authorized subscriber meanwhile.
    Await.until("heartbeats", LONG, () -> drain(good, known) && known.get() >= 3);
    drain(bad, unknown);

    assertThat(unknown.get()).isZero();
  }

  @Test
  void jeromq1005_craftedFrameAgainstTheCurveEndpoint_agentStillAnswers() throws IOException {
    start(Optional.empty());
    CurveKeyPair ops = CurveKeyPair.generate();
    AuthorizedKeys.ofHome(home).authorize(ops.publicKey(), "ops", Role.OPERATOR);
    URI uri = URI.create(agent.identity().remoteControlEndpoint());

    try (Socket raw = new Socket(uri.getHost(), uri.getPort())) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      out.write(craftedGreetingAndFrame());
      out.flush();
      drainUntilClosed(raw.getInputStream());
    }

    try (TestControlClient c =
        TestControlClient.curveDealer(
            ctx,
            agent.identity().remoteControlEndpoint(),
            new CurveClient(agent.identity().publicKey(), ops),
            LONG)) {
      assertThat(c.ping().hasPing()).isTrue();
    }
  }

  @Test
  void announce_toAControllerStub_sendsIdentityOverCurveAndLogsPending() throws IOException {
    CurveKeyPair controller = CurveKeyPair.generate();
    ZMQ.Socket stub = ctx.createSocket(SocketType.ROUTER);
    // No ZAP handler in the stub's context: any CURVE client gets in, as the test wants.
    new CurveServer(controller).apply(stub);
    stub.setReceiveTimeOut((int) LONG.toMillis());
    stub.bind("tcp://127.0.0.1:*");
    start(Optional.of(new AgentNetwork.Controller(stub.getLastEndpoint(), controller.publicKey())));

    ZMsg msg = ZMsg.recvMsg(stub);
    assertThat(msg).as("an announcement").isNotNull();
    Request request = Request.parseFrom(msg.getLast().getData());
    assertThat(request.getAnnounce().getHost()).isEqualTo("web1");
    assertThat(request.getAnnounce().getLabelsMap()).containsExactly(Map.entry("dc", "par"));
    assertThat(request.getAnnounce().getPublicKey()).isEqualTo(agent.identity().publicKey());
    assertThat(request.getAnnounce().getControlEndpoint())
        .isEqualTo(agent.identity().remoteControlEndpoint());
    assertThat(request.getAnnounce().getEventsEndpoint())
        .isEqualTo(agent.identity().remoteEventsEndpoint());
    ZMsg reply = new ZMsg();
    reply.add(msg.getFirst().getData());
    reply.add(new byte[0]);
    reply.add(
        Reply.newBuilder()
            .setCorrelationId(request.getCorrelationId())
            .setAnnounce(AnnounceReply.newBuilder().setAccepted(false))
            .build()
            .toByteArray());
    reply.send(stub);
    Await.until("the pending line", LONG, () -> logs.contains("pending at the controller"));

    // The controller's key is an operator on the agent (in memory): it may connect back.
    try (TestControlClient back =
        TestControlClient.curveDealer(
            ctx,
            agent.identity().remoteControlEndpoint(),
            new CurveClient(agent.identity().publicKey(), controller),
            LONG)) {
      assertThat(back.ping().getPing().getHost()).isEqualTo("web1");
    }
    stub.close();
  }

  /** Greeting = FF 00*8 7F 03 00, "CURVE" padded to 20, 00*32; then a command frame 06 FF*8. */
  private static byte[] craftedGreetingAndFrame() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xFF);
    b.writeBytes(new byte[8]);
    b.write(0x7F);
    b.write(0x03);
    b.write(0x00);
    byte[] mechanism = new byte[20];
    byte[] name = "CURVE".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, mechanism, 0, name.length);
    b.writeBytes(mechanism);
    b.writeBytes(new byte[32]);
    b.write(0x06);
    for (int i = 0; i < 8; i++) {
      b.write(0xFF);
    }
    b.writeBytes("HELLO-and-then-some".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static void drainUntilClosed(InputStream in) throws IOException {
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // The server's greeting; the connection then closes on the bad frame.
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // Closed or reset by the server: either way it dropped us.
    }
  }
}
