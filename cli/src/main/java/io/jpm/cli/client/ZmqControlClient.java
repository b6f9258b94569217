package io.jpm.cli.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.agent.Version;
import io.jpm.agent.supervision.Durations;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A {@link ControlClient} over a ZeroMQ DEALER socket: sends [empty][Request], receives
 * [empty][Reply].
 *
 * <p>DEALER rather than REQ so a timed-out request never wedges the socket, and replies are matched
 * by correlation id, so a late reply to an earlier request is skipped. The handshake interval is
 * short because a fresh JVM sometimes stalls in the ZMTP greeting and only a reconnect recovers it
 * (research/java-stack.md §1.9). Use from one thread only.
 */
public final class ZmqControlClient implements ControlClient {
  private static final int HANDSHAKE_IVL_MS = 250;
  private static final int LOCAL_RECONNECT_IVL_MS = 10;

  private final String endpoint;
  private final ZContext context;
  private final ZMQ.Socket socket;
  private final String idPrefix;
  private long sequence;

  /** Connects (lazily, as ZeroMQ does) to the ROUTER at {@code endpoint}. */
  public ZmqControlClient(String endpoint) {
    this(endpoint, SocketSetup.NONE);
  }

  /** As {@link #ZmqControlClient(String)}, with {@code setup} applied before connecting. */
  public ZmqControlClient(String endpoint, SocketSetup setup) {
    this.endpoint = endpoint;
    this.context = new ZContext(1);
    this.socket = context.createSocket(SocketType.DEALER);
    socket.setLinger(0);
    socket.setHandshakeIvl(HANDSHAKE_IVL_MS);
    if (endpoint.startsWith("ipc://")) {
      // A local connect fails fast while the agent is not listening yet (it is being spawned) or
      // after a stalled greeting: retry soon rather than after ZeroMQ's default 100 ms.
      socket.setReconnectIVL(LOCAL_RECONNECT_IVL_MS);
    }
    setup.apply(socket);
    socket.connect(endpoint);
    this.idPrefix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public Reply call(Request request, Duration timeout) throws ControlException {
    String correlationId = idPrefix + "-" + ++sequence;
    Request stamped =
        request.toBuilder()
            .setCorrelationId(correlationId)
            .setProtocolVersion(Version.PROTOCOL)
            .setClientVersion(Version.software())
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      socket.sendMore(new byte[0]);
      socket.send(stamped.toByteArray());
      while (true) {
        List<byte[]> frames = receive(deadline, timeout);
        Reply reply = decode(frames);
        // An empty id means the agent could not read the request: that answer is ours.
        if (reply.getCorrelationId().equals(correlationId)
            || (reply.getCorrelationId().isEmpty() && reply.hasError())) {
          return reply;
        }
      }
    } catch (ZMQException e) {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE, "cannot talk to " + endpoint + ": " + e.getMessage());
    }
  }

  private List<byte[]> receive(long deadline, Duration timeout) throws ControlException {
    long remainingMs = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
    if (remainingMs <= 0) {
      throw timedOut(timeout);
    }
    socket.setReceiveTimeOut((int) Math.min(Integer.MAX_VALUE, remainingMs));
    byte[] first = socket.recv(0);
    if (first == null) {
      throw timedOut(timeout);
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }

  private ControlException timedOut(Duration timeout) {
    return new ControlException(
        ControlException.Kind.TIMEOUT,
        "no reply from the agent within " + Durations.format(timeout) + " (" + endpoint + ")");
  }

  private static Reply decode(List<byte[]> frames) throws ControlException {
    if (frames.size() != 2 || frames.get(0).length != 0) {
      throw new ControlException(
          ControlException.Kind.BAD_REPLY,
          "unreadable reply from the agent (" + frames.size() + " frames, expected 2)");
    }
    try {
      return Reply.parseFrom(frames.get(1));
    } catch (InvalidProtocolBufferException e) {
      throw new ControlException(
          ControlException.Kind.BAD_REPLY, "unreadable reply from the agent: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    // Here, not left to the exit: HotSpot's exit waits up to 300 ms for a JeroMQ I/O thread still
    // blocked in epoll_wait (measured: jpm jlist 230 ms with this close, 545 ms without).
    context.close();
  }
}
