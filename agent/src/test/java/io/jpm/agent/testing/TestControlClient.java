package io.jpm.agent.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.agent.Version;
import io.jpm.agent.security.CurveClient;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A control client for tests, speaking control.proto's framing over a REQ or a DEALER socket with
 * LINGER 0, a receive timeout and a short handshake interval: without it about half the fresh
 * ipc:// connections of JeroMQ 0.7.0 never finish the ZMTP handshake (java-stack.md §1.9).
 */
public final class TestControlClient implements AutoCloseable {
  /** How long a test waits for a reply. */
  public static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final ZMQ.Socket socket;
  private final boolean dealer;

  private TestControlClient(ZContext ctx, SocketType type, String endpoint) {
    this(ctx, type, endpoint, null, TIMEOUT);
  }

  private TestControlClient(
      ZContext ctx, SocketType type, String endpoint, CurveClient curve, Duration timeout) {
    this.dealer = type == SocketType.DEALER;
    this.socket = ctx.createSocket(type);
    socket.setLinger(0);
    socket.setHandshakeIvl(250);
    socket.setReceiveTimeOut((int) timeout.toMillis());
    if (curve != null) {
      curve.apply(socket);
    }
    socket.connect(endpoint);
  }

  /** A DEALER client of a CURVE server, waiting at most {@code timeout} for each reply. */
  public static TestControlClient curveDealer(
      ZContext ctx, String endpoint, CurveClient curve, Duration timeout) {
    return new TestControlClient(ctx, SocketType.DEALER, endpoint, curve, timeout);
  }

  /** A plaintext DEALER client waiting at most {@code timeout} for each reply. */
  public static TestControlClient dealer(ZContext ctx, String endpoint, Duration timeout) {
    return new TestControlClient(ctx, SocketType.DEALER, endpoint, null, timeout);
  }

  /** A REQ client, as `jpm` might use. */
  public static TestControlClient req(ZContext ctx, String endpoint) {
    return new TestControlClient(ctx, SocketType.REQ, endpoint);
  }

  /** A DEALER client, which sends the empty delimiter itself. */
  public static TestControlClient dealer(ZContext ctx, String endpoint) {
    return new TestControlClient(ctx, SocketType.DEALER, endpoint);
  }

  /** A request with the current protocol version and a fresh correlation id. */
  public static Request.Builder request() {
    return Request.newBuilder()
        .setProtocolVersion(Version.PROTOCOL)
        .setCorrelationId(UUID.randomUUID().toString());
  }

  /** Sends {@code request} and returns the reply, failing the test when none comes. */
  public Reply call(Request request) {
    sendBody(request.toByteArray());
    Reply reply = receive();
    if (reply == null) {
      throw new AssertionError("no reply within " + TIMEOUT + " to " + request);
    }
    return reply;
  }

  /** A ping round trip. */
  public Reply ping() {
    return call(request().setPing(PingRequest.getDefaultInstance()).build());
  }

  /** Sends one body frame with the framing of this socket type. */
  public void sendBody(byte[] body) {
    if (dealer) {
      socket.sendMore(new byte[0]);
    }
    socket.send(body);
  }

  /** Sends raw frames (DEALER only: REQ adds its own delimiter). */
  public void sendFrames(byte[]... frames) {
    for (int i = 0; i < frames.length; i++) {
      socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
    }
  }

  /** The next reply, or null after the timeout. */
  public Reply receive() {
    List<byte[]> frames = receiveFrames();
    if (frames == null) {
      return null;
    }
    if (dealer && (frames.size() != 2 || frames.get(0).length != 0)) {
      throw new AssertionError("expected [empty][Reply], got " + frames.size() + " frames");
    }
    try {
      return Reply.parseFrom(frames.get(frames.size() - 1));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("reply does not parse", e);
    }
  }

  /** All frames of the next message, or null after the timeout. */
  public List<byte[]> receiveFrames() {
    byte[] first = socket.recv();
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>(List.of(first));
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv());
    }
    return frames;
  }

  /** The underlying socket, e.g. to attach a monitor. */
  public ZMQ.Socket socket() {
    return socket;
  }

  @Override
  public void close() {
    socket.close();
  }
}
