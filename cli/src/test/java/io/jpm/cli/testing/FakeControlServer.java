package io.jpm.cli.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ROUTER socket on its own thread that answers each request with scripted raw messages, so tests
 * can send stale, garbage or no replies. Binds before the constructor returns.
 */
public final class FakeControlServer implements AutoCloseable {

  /** The raw messages (frames after the client identity) to send for one request. */
  @FunctionalInterface
  public interface Handler {
    /** Messages to send back for {@code request}; none to stay silent. */
    List<List<byte[]>> answer(Request request);
  }

  private final ZContext context = new ZContext(1);
  private final ZMQ.Socket socket;
  private final Handler handler;
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /** Binds a ROUTER at {@code endpoint} and serves with {@code handler}. */
  public FakeControlServer(String endpoint, Handler handler) {
    this.handler = handler;
    this.socket = context.createSocket(SocketType.ROUTER);
    socket.setLinger(0);
    socket.setReceiveTimeOut(50);
    socket.bind(endpoint);
    // The socket is handed to the thread here and touched only by it from now on.
    this.thread = new Thread(this::serve, "fake-control-server");
    thread.start();
  }

  /** A handler that answers each request with one well-formed reply carrying its id. */
  public static Handler replying(Function<Request, Reply> replies) {
    return request -> {
      Reply reply =
          replies.apply(request).toBuilder().setCorrelationId(request.getCorrelationId()).build();
      return List.of(message(reply.toByteArray()));
    };
  }

  /** One message: the empty delimiter then {@code body}. */
  public static List<byte[]> message(byte[] body) {
    return List.of(new byte[0], body);
  }

  /** Requests received so far. */
  public List<Request> received() {
    return received;
  }

  private void serve() {
    while (running) {
      byte[] identity = socket.recv(0);
      if (identity == null) {
        continue;
      }
      List<byte[]> frames = new ArrayList<>();
      while (socket.hasReceiveMore()) {
        frames.add(socket.recv(0));
      }
      Request request;
      try {
        request = Request.parseFrom(frames.get(frames.size() - 1));
      } catch (InvalidProtocolBufferException e) {
        continue;
      }
      received.add(request);
      for (List<byte[]> message : handler.answer(request)) {
        socket.sendMore(identity);
        for (int i = 0; i < message.size(); i++) {
          if (i < message.size() - 1) {
            socket.sendMore(message.get(i));
          } else {
            socket.send(message.get(i));
          }
        }
      }
    }
    socket.close();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    context.close();
  }
}
