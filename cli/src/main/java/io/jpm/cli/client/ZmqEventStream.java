package io.jpm.cli.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.messages.v1.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * An {@link EventStream} on a ZeroMQ SUB socket subscribed to every topic, or to some topic
 * prefixes. Messages are [topic][Event]; a message that does not decode is skipped, since the feed
 * is best-effort anyway (sequence numbers reveal what was lost).
 */
public final class ZmqEventStream implements EventStream {
  private final ZContext context;
  private final ZMQ.Socket socket;

  /** Connects to the PUB socket at {@code endpoint}, subscribed to every topic. */
  public ZmqEventStream(String endpoint) {
    this(endpoint, List.of());
  }

  /**
   * Connects to the PUB socket at {@code endpoint}, subscribed to the topics starting with one of
   * {@code topics} (every topic when empty).
   */
  public ZmqEventStream(String endpoint, List<String> topics) {
    this.context = new ZContext(1);
    this.socket = context.createSocket(SocketType.SUB);
    socket.setLinger(0);
    // Without it some fresh ipc:// connections never finish the ZMTP handshake (java-stack §1.9).
    socket.setHandshakeIvl(250);
    if (topics.isEmpty()) {
      socket.subscribe(new byte[0]);
    }
    topics.forEach(t -> socket.subscribe(t.getBytes(StandardCharsets.US_ASCII)));
    socket.connect(endpoint);
  }

  @Override
  public Event next() throws ControlException {
    try {
      while (true) {
        socket.recv(0); // topic: the Event says the same, typed
        if (!socket.hasReceiveMore()) {
          continue;
        }
        byte[] body = socket.recv(0);
        boolean extraFrames = socket.hasReceiveMore();
        while (socket.hasReceiveMore()) {
          socket.recv(0);
        }
        if (body == null || extraFrames) {
          continue;
        }
        try {
          return Event.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
          // skipped: see the class comment
        }
      }
    } catch (ZMQException e) {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE, "event feed failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    context.close();
  }
}
