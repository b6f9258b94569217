package io.jpm.cli.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.messages.v1.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    this(endpoint, topics, SocketSetup.NONE);
  }

  /** As {@link #ZmqEventStream(String, List)}, with {@code setup} applied before connecting. */
  public ZmqEventStream(String endpoint, List<String> topics, SocketSetup setup) {
    this.context = new ZContext(1);
    this.socket = context.createSocket(SocketType.SUB);
    socket.setLinger(0);
    // Without it some fresh ipc:// connections never finish the ZMTP handshake (java-stack §1.9).
    socket.setHandshakeIvl(250);
    if (topics.isEmpty()) {
      socket.subscribe(new byte[0]);
    }
    topics.forEach(t -> socket.subscribe(t.getBytes(StandardCharsets.US_ASCII)));
    setup.apply(socket);
    socket.connect(endpoint);
  }

  @Override
  public Event next() throws ControlException {
    return receive(-1);
  }

  @Override
  public Event next(Duration timeout) throws ControlException {
    return receive((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
  }

  /** The next event, waiting at most {@code timeoutMs} (-1: for ever); null when none came. */
  private Event receive(int timeoutMs) throws ControlException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    try {
      while (true) {
        int left =
            timeoutMs < 0 ? -1 : (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
        socket.setReceiveTimeOut(left);
        byte[] topic = socket.recv(0); // the Event says the same, typed
        if (topic == null) {
          return null; // timed out
        }
        if (!socket.hasReceiveMore()) {
          continue;
        }
        // The rest of a message is already here: no wait.
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
