package io.jpm.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** The ZAP handler on real CURVE sockets: who gets in, with which User-Id, and who does not. */
class ZapHandlerIT {
  @TempDir Path home;
  private ZContext ctx;
  private ZapHandler zap;
  private ZMQ.Socket router;
  private String endpoint;
  private final CurveKeyPair server = CurveKeyPair.generate();

  @BeforeEach
  void setUp() throws Exception {
    ctx = new ZContext(1);
    zap = ZapHandler.start(ctx, AuthorizedKeys.ofHome(home));
    router = ctx.createSocket(SocketType.ROUTER);
    new CurveServer(server).apply(router);
    router.setReceiveTimeOut(100);
    router.bind("tcp://127.0.0.1:*");
    endpoint = router.getLastEndpoint();
  }

  @AfterEach
  void tearDown() {
    router.close();
    zap.close();
    ctx.close();
  }

  private ZMQ.Socket client(CurveKeyPair own) {
    ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
    new CurveClient(server.publicKey(), own).apply(dealer);
    dealer.connect(endpoint);
    return dealer;
  }

  /** Receives [identity][body] and returns the body frame as received (with its metadata). */
  private zmq.Msg receiveBody() {
    zmq.Msg identity = router.recvMsg(0);
    if (identity == null) {
      return null;
    }
    return router.recvMsg(0);
  }

  @Test
  void authorizedKey_sends_bodyCarriesRoleAsUserId() throws Exception {
    CurveKeyPair client = CurveKeyPair.generate();
    zap.keys().authorize(client.publicKey(), "ci", Role.READ);
    ZMQ.Socket dealer = client(client);
    dealer.send("hello");
    zmq.Msg body = Await.value("a message", Duration.ofSeconds(10), this::receiveBody);
    assertThat(new String(body.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(body.getMetadata().get(zmq.io.Metadata.USER_ID)).isEqualTo("read:ci");
    assertThat(Role.ofUserId(body.getMetadata().get(zmq.io.Metadata.USER_ID))).contains(Role.READ);
  }

  @Test
  void unknownKey_sends_nothingArrivesAndRefusalCounted() {
    CurveKeyPair known = CurveKeyPair.generate();
    zap.keys().allowInMemory(new AuthorizedKey(Role.OPERATOR, known.publicKey(), "ctl"));
    ZMQ.Socket stranger = client(CurveKeyPair.generate());
    stranger.send("let me in");
    Await.until("a refusal", Duration.ofSeconds(10), () -> zap.refusals() > 0);
    // The known client's message is the first one the server sees: the stranger's never came.
    client(known).send("hi");
    zmq.Msg body = Await.value("a message", Duration.ofSeconds(10), this::receiveBody);
    assertThat(new String(body.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
    assertThat(body.getMetadata().get(zmq.io.Metadata.USER_ID)).isEqualTo("operator:ctl");
  }
}
