package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.ControlServer;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.PingRequest;
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
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Sends a real agent what a broken or hostile client might: each kind gets a typed error or its
 * connection dropped, and the agent answers the next ping.
 */
class AgentRobustnessIT {
  @TempDir Path home;
  private final ZContext ctx = new ZContext(1);
  private AgentPaths paths;
  private Agent agent;

  @BeforeEach
  void startAgent() throws IOException {
    paths = new AgentPaths(home);
    AgentConfig config =
        AgentConfig.defaults(paths, "test-host")
            .withExtraControlEndpoints(List.of("tcp://127.0.0.1:0"));
    agent = Agent.start(config, new SynchronizedLauncher(), UsageMeter.none());
  }

  @AfterEach
  void stopAgent() {
    agent.close();
    ctx.close();
  }

  @Test
  void garbageBytes_answerInvalidMessage_andPingStillWorks() {
    byte[] garbage = new byte[12];
    Arrays.fill(garbage, (byte) 0xFF); // a varint longer than ten bytes never parses

    Reply reply = sendRaw(garbage);

    assertError(reply, ErrorCode.ERROR_CODE_INVALID_MESSAGE, "not a jpm Request");
    assertThat(reply.getCorrelationId()).isEmpty();
    assertPingAnswered();
  }

  @Test
  void emptyMessage_answersInvalidMessage_andPingStillWorks() {
    assertError(sendRaw(new byte[0]), ErrorCode.ERROR_CODE_INVALID_MESSAGE, "empty request");
    assertPingAnswered();
  }

  @Test
  void noProtocolVersion_answersInvalidMessage() {
    Request request = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();

    assertError(
        sendRaw(request.toByteArray()),
        ErrorCode.ERROR_CODE_INVALID_MESSAGE,
        "no protocol_version");
    assertPingAnswered();
  }

  @Test
  void wrongProtocolVersion_answersUnsupportedProtocolNamingBothVersions() {
    Request request =
        TestControlClient.request()
            .setProtocolVersion(7)
            .setPing(PingRequest.getDefaultInstance())
            .build();

    Reply reply = sendRaw(request.toByteArray());

    assertError(reply, ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL, "version 7");
    assertThat(reply.getError().getMessage()).contains("version " + Version.PROTOCOL);
    assertThat(reply.getCorrelationId()).isEqualTo(request.getCorrelationId());
    assertPingAnswered();
  }

  @Test
  void commandFromNewerClient_answersUnknownCommand() {
    Request base = TestControlClient.request().build();
    // Field 99, length-delimited, empty: a command this build's oneof does not know.
    byte[] unknownCommand = {(byte) 0x9A, 0x06, 0x00};
    byte[] body = concat(base.toByteArray(), unknownCommand);

    Reply reply = sendRaw(body);

    assertError(
        reply,
        ErrorCode.ERROR_CODE_UNKNOWN_COMMAND,
        "agent version "
            + Version.software()
            + " does not know this command; restart the agent with the newer jpm");
    assertThat(reply.getCorrelationId()).isEqualTo(base.getCorrelationId());
    assertPingAnswered();
  }

  @Test
  void unsetCommand_answersUnknownCommand() {
    assertError(
        sendRaw(TestControlClient.request().build().toByteArray()),
        ErrorCode.ERROR_CODE_UNKNOWN_COMMAND,
        "does not know this command");
    assertPingAnswered();
  }

  @Test
  void bodyWithoutDelimiter_answersInvalidMessage() {
    try (TestControlClient dealer = TestControlClient.dealer(ctx, paths.controlEndpoint())) {
      dealer.sendFrames(pingBytes());

      assertError(dealer.receive(), ErrorCode.ERROR_CODE_INVALID_MESSAGE, "empty delimiter");
      assertThat(dealer.ping().hasPing()).isTrue();
    }
  }

  @Test
  void twoBodyFrames_answerInvalidMessage() {
    try (TestControlClient dealer = TestControlClient.dealer(ctx, paths.controlEndpoint())) {
      dealer.sendFrames(new byte[0], pingBytes(), pingBytes());

      assertError(dealer.receive(), ErrorCode.ERROR_CODE_INVALID_MESSAGE, "got 2");
      assertThat(dealer.ping().hasPing()).isTrue();
    }
  }

  @Test
  void delimiterOnly_answersInvalidMessage() {
    try (TestControlClient dealer = TestControlClient.dealer(ctx, paths.controlEndpoint())) {
      dealer.sendFrames(new byte[0]);

      assertError(dealer.receive(), ErrorCode.ERROR_CODE_INVALID_MESSAGE, "got 0");
      assertThat(dealer.ping().hasPing()).isTrue();
    }
  }

  @Test
  void messageOverOneMebibyte_dropsTheClient_andPingStillWorks() {
    // A valid ping padded to 2 MiB: it would be answered if the size limit did not drop it.
    char[] padding = new char[2 << 20];
    Arrays.fill(padding, 'x');
    Request huge =
        TestControlClient.request()
            .setCorrelationId(new String(padding))
            .setPing(PingRequest.getDefaultInstance())
            .build();
    assertThat((long) huge.getSerializedSize()).isGreaterThan(ControlServer.MAX_MESSAGE_BYTES);

    ZMQ.Socket monitor = ctx.createSocket(SocketType.PAIR);
    try (TestControlClient dealer = TestControlClient.dealer(ctx, paths.controlEndpoint())) {
      dealer.socket().monitor("inproc://huge-monitor", ZMQ.EVENT_DISCONNECTED);
      monitor.setReceiveTimeOut((int) TestControlClient.TIMEOUT.toMillis());
      monitor.connect("inproc://huge-monitor");
      dealer.sendBody(huge.toByteArray());

      ZEvent event = ZEvent.recv(monitor);

      assertThat(event).as("the agent dropped the connection").isNotNull();
      assertThat(event.getEvent()).isEqualTo(ZMonitor.Event.DISCONNECTED);
    } finally {
      monitor.close();
    }
    assertPingAnswered();
  }

  /** Asserts the agent survives jeromq#1005 (a negative frame size before the handshake ends). */
  @Test
  void jeromq1005_craftedNegativeSizeFrame_agentStillAnswersPing() throws IOException {
    String tcp =
        agent.controlEndpoints().stream().filter(e -> e.startsWith("tcp://")).findFirst().get();
    URI uri = URI.create(tcp);

    try (Socket raw = new Socket(uri.getHost(), uri.getPort())) {
      raw.setSoTimeout(10_000);
      OutputStream out = raw.getOutputStream();
      out.write(craftedGreetingAndFrame());
      out.flush();
      drainUntilClosed(raw.getInputStream());
    }

    assertPingAnswered();
    try (TestControlClient overTcp = TestControlClient.req(ctx, tcp)) {
      assertThat(overTcp.ping().hasPing()).isTrue();
    }
  }

  /** Greeting = FF 00*8 7F 03 00, "NULL" padded to 20, 00*32; then a command frame 06 FF*8. */
  private static byte[] craftedGreetingAndFrame() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0xFF);
    b.writeBytes(new byte[8]);
    b.write(0x7F);
    b.write(0x03);
    b.write(0x00);
    byte[] mechanism = new byte[20];
    byte[] name = "NULL".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, mechanism, 0, name.length);
    b.writeBytes(mechanism);
    b.writeBytes(new byte[32]);
    b.write(0x06);
    for (int i = 0; i < 8; i++) {
      b.write(0xFF);
    }
    b.writeBytes("READY-and-then-some".getBytes(StandardCharsets.US_ASCII));
    return b.toByteArray();
  }

  private static void drainUntilClosed(InputStream in) throws IOException {
    byte[] buf = new byte[256];
    try {
      while (in.read(buf) >= 0) {
        // The server's own greeting; the connection then closes on the bad frame.
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // Whether the server closes or resets the connection does not matter; the ping does.
    }
  }

  private Reply sendRaw(byte[] body) {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      client.sendBody(body);
      Reply reply = client.receive();
      assertThat(reply).as("a reply").isNotNull();
      return reply;
    }
  }

  private void assertPingAnswered() {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      assertThat(client.ping().hasPing()).isTrue();
    }
  }

  private static void assertError(Reply reply, ErrorCode code, String messagePart) {
    assertThat(reply.getError().getCode()).isEqualTo(code);
    assertThat(reply.getError().getMessage()).contains(messagePart);
    assertThat(reply.getProtocolVersion()).isEqualTo(Version.PROTOCOL);
    assertThat(reply.getAgentVersion()).isEqualTo(Version.software());
  }

  private static byte[] pingBytes() {
    return TestControlClient.request()
        .setPing(PingRequest.getDefaultInstance())
        .build()
        .toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
