package io.jpm.agent.transport;

import io.jpm.agent.security.CurveServer;
import io.jpm.agent.security.Role;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The control endpoint: a ROUTER socket that answers REQ and DEALER clients (control.proto's
 * framing), owned by one thread that never blocks on a command.
 *
 * <p>Concurrency contract: only the server thread touches the socket (JeroMQ sockets are not
 * thread-safe, jeromq#276). A command's reply future may complete on any thread (the supervisor
 * loop, a timeout thread); its completion puts the reply on an outbox queue and writes a byte to a
 * wake-up pipe that the server's poller watches, and the server thread sends it.
 *
 * <p>Hostile or broken clients cannot wedge it: frames over 1 MiB make ZeroMQ drop the peer, a
 * stalled handshake is cut after 5 s, sends never block (ROUTER_MANDATORY plus DONTWAIT: a reply to
 * a vanished client is counted in {@link #undeliveredReplies()} and dropped), and every malformed
 * request gets a typed error reply and one log line.
 *
 * <p>A CURVE server ({@link #startCurve}) serves only clients its context's ZAP handler accepted,
 * and answers each request according to the {@link Role} in the client's ZAP User-Id: a command the
 * role does not allow gets ERROR_CODE_PERMISSION_DENIED and is not carried out. A plaintext server
 * (ipc://, owner-only) treats every client as operator.
 */
public final class ControlServer implements AutoCloseable {
  /** Largest frame a client may send; larger ones make ZeroMQ drop the client's connection. */
  public static final long MAX_MESSAGE_BYTES = 1 << 20;

  private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());
  private static final int HANDSHAKE_MS = 5_000;
  private static final int SEND_HWM = 1_000;
  // Long enough for the last replies (e.g. to `jpm kill`) to leave before the socket closes.
  private static final int LINGER_MS = 500;
  private static final int MAX_BATCH = 64;

  private final ZContext ctx;
  private final List<String> binds;
  private final CurveServer curve;
  private final RequestHandler handler;
  private final Runnable afterKill;
  private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
  private final Pipe wake;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final AtomicLong undelivered = new AtomicLong();
  private final CompletableFuture<List<String>> bound = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile ConnectionMonitor monitor;

  /** A reply waiting for the server thread: the envelope frames, then the body. */
  private record Outgoing(List<byte[]> frames, boolean kill) {
    static Outgoing of(List<byte[]> envelope, Reply reply, boolean kill) {
      List<byte[]> frames = new ArrayList<>(envelope);
      frames.add(reply.toByteArray());
      return new Outgoing(List.copyOf(frames), kill);
    }
  }

  private ControlServer(
      ZContext ctx,
      List<String> binds,
      CurveServer curve,
      RequestHandler handler,
      Runnable afterKill)
      throws IOException {
    this.ctx = ctx;
    this.binds = List.copyOf(binds);
    this.curve = curve;
    this.handler = handler;
    this.afterKill = afterKill;
    this.wake = Pipe.open();
    wake.source().configureBlocking(false);
    this.thread = new Thread(this::run, curve == null ? "jpm-control" : "jpm-control-tcp");
    thread.setDaemon(true);
  }

  /**
   * Binds a ROUTER socket to every endpoint of {@code binds} and starts serving.
   *
   * @param binds endpoints such as {@code ipc:///home/me/.jpm/rpc.sock} or {@code
   *     tcp://127.0.0.1:0} (port 0 or * picks a free port; see {@link #endpoints()})
   * @param afterKill run on the server thread once the reply to a KillRequest or a HandoverRequest
   *     has been queued for sending; it must not block (the agent closes itself on another thread)
   * @throws IOException when an endpoint cannot be bound
   */
  public static ControlServer start(
      ZContext ctx, List<String> binds, RequestHandler handler, Runnable afterKill)
      throws IOException {
    return start(new ControlServer(ctx, binds, null, handler, afterKill));
  }

  /**
   * Binds a CURVE-server ROUTER socket to every endpoint of {@code binds} and starts serving, as
   * {@link #start} does; the context's {@link io.jpm.agent.security.ZapHandler} must already run.
   */
  public static ControlServer startCurve(
      ZContext ctx,
      List<String> binds,
      CurveServer curve,
      RequestHandler handler,
      Runnable afterKill)
      throws IOException {
    return start(new ControlServer(ctx, binds, curve, handler, afterKill));
  }

  private static ControlServer start(ControlServer server) throws IOException {
    server.thread.start();
    try {
      server.bound.get(30, TimeUnit.SECONDS);
      return server;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      server.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot bind the control socket: " + cause.getMessage(), cause);
    }
  }

  /** The endpoints actually bound, in bind order, with chosen TCP ports filled in. */
  public List<String> endpoints() {
    return bound.getNow(List.of());
  }

  /** Replies that could not be delivered because their client had gone. */
  public long undeliveredReplies() {
    return undelivered.get();
  }

  /** Client connections that have ended, for whatever reason. */
  public long disconnects() {
    ConnectionMonitor m = monitor;
    return m == null ? 0 : m.disconnects();
  }

  private void run() {
    ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
    try {
      bound.complete(bind(router));
    } catch (RuntimeException e) {
      router.close();
      bound.completeExceptionally(e);
      return;
    }
    try (ConnectionMonitor connections = new ConnectionMonitor(ctx, router, "control");
        ZMQ.Poller poller = ctx.createPoller(3)) {
      this.monitor = connections;
      int socketIndex = poller.register(router, ZMQ.Poller.POLLIN);
      int wakeIndex = poller.register(wake.source(), ZMQ.Poller.POLLIN);
      int monitorIndex = poller.register(connections.socket(), ZMQ.Poller.POLLIN);
      boolean backlog = false;
      while (!closing) {
        poller.poll(backlog ? 0 : -1);
        try {
          if (poller.pollin(monitorIndex)) {
            connections.drain();
          }
          if (poller.pollin(wakeIndex)) {
            drainWake();
          }
          backlog = poller.pollin(socketIndex) && receiveBatch(router);
          flushOutbox(router);
        } catch (ZMQException e) {
          throw e;
        } catch (RuntimeException e) {
          // One bad message or callback must not end control of every app.
          LOG.log(Level.SEVERE, "control server loop failed; going on", e);
        }
      }
      flushOutbox(router);
    } catch (ZMQException e) {
      if (!closing) {
        LOG.log(Level.SEVERE, "control server stopped", e);
      }
    } finally {
      router.close();
    }
  }

  private List<String> bind(ZMQ.Socket router) {
    router.setMaxMsgSize(MAX_MESSAGE_BYTES);
    router.setHandshakeIvl(HANDSHAKE_MS);
    router.setRouterMandatory(true);
    router.setSndHWM(SEND_HWM);
    router.setLinger(LINGER_MS);
    if (curve != null) {
      curve.apply(router);
    }
    List<String> out = new ArrayList<>();
    for (String endpoint : binds) {
      if (!router.bind(endpoint)) {
        throw new IllegalStateException(endpoint + ": errno " + router.errno());
      }
      out.add(router.getLastEndpoint());
    }
    return List.copyOf(out);
  }

  /** Handles up to MAX_BATCH messages; true when more may be waiting. */
  private boolean receiveBatch(ZMQ.Socket router) {
    for (int i = 0; i < MAX_BATCH; i++) {
      ReceivedMessage msg = ReceivedMessage.receive(router, ZMQ.DONTWAIT);
      if (msg == null) {
        return false;
      }
      try {
        onMessage(msg);
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "failed to handle a control message", e);
      }
    }
    return true;
  }

  private void onMessage(ReceivedMessage msg) {
    IncomingRequest in = IncomingRequest.of(msg.frames());
    if (in.refusal() != null) {
      LOG.warning(
          () ->
              "rejected request from client "
                  + in.peer()
                  + ": "
                  + in.refusal().getError().getCode()
                  + ": "
                  + in.refusal().getError().getMessage());
      queue(Outgoing.of(in.envelope(), in.refusal(), false));
      return;
    }
    Request request = in.request();
    if (!allowed(msg, request)) {
      Reply denied =
          Replies.stamped(
              Replies.error(
                  ErrorCode.ERROR_CODE_PERMISSION_DENIED,
                  "the key "
                      + msg.userId()
                      + " may not send "
                      + request.getCommandCase().name().toLowerCase(Locale.ROOT)
                      + " (it needs an operator key: jpm keys authorize KEY --role operator)"),
              request.getCorrelationId());
      queue(Outgoing.of(in.envelope(), denied, false));
      return;
    }
    CompletableFuture<Reply> reply;
    try {
      reply = handler.handle(request);
    } catch (RuntimeException e) {
      reply = CompletableFuture.failedFuture(e);
    }
    var unused =
        reply.whenComplete(
            (r, error) -> {
              Reply answer = r;
              if (error != null) {
                LOG.log(Level.SEVERE, "request handler failed", error);
                answer = Replies.error(ErrorCode.ERROR_CODE_INTERNAL, "agent error: " + error);
              }
              Reply stamped = Replies.stamped(answer, request.getCorrelationId());
              // After a handover too: the agent then exits, leaving its apps running.
              boolean last = request.hasKill() || request.hasHandover();
              queue(Outgoing.of(in.envelope(), stamped, last));
            });
  }

  /** Plaintext (ipc://, owner-only): operator. CURVE: the role of the ZAP User-Id. */
  private boolean allowed(ReceivedMessage msg, Request request) {
    if (curve == null) {
      return true;
    }
    Role role = Role.ofUserId(msg.userId()).orElse(null);
    boolean ok = role != null && role.allows(request.getCommandCase());
    if (!ok) {
      LOG.warning(
          () ->
              "denied "
                  + request.getCommandCase().name().toLowerCase(Locale.ROOT)
                  + " to "
                  + (msg.userId().isEmpty() ? "a client without a role" : msg.userId())
                  + " from "
                  + msg.peerAddress());
    }
    return ok;
  }

  private void queue(Outgoing out) {
    if (closing) {
      return; // e.g. a command that timed out after the agent began to stop
    }
    outbox.add(out);
    if (wakePending.compareAndSet(false, true)) {
      writeWakeByte();
    }
  }

  private void writeWakeByte() {
    try {
      var unused = wake.sink().write(ByteBuffer.wrap(new byte[] {1}));
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot wake the control server", e);
    }
  }

  private void drainWake() {
    // Reset first: a reply queued after this point writes a new byte, so none is ever missed.
    wakePending.set(false);
    ByteBuffer buf = ByteBuffer.allocate(64);
    try {
      while (wake.source().read(buf) > 0) {
        buf.clear();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read the control server's wake-up pipe", e);
    }
  }

  private void flushOutbox(ZMQ.Socket router) {
    Outgoing out;
    while ((out = outbox.poll()) != null) {
      send(router, out);
      if (out.kill()) {
        afterKill.run();
      }
    }
  }

  private void send(ZMQ.Socket router, Outgoing out) {
    List<byte[]> frames = out.frames();
    try {
      for (int i = 0; i < frames.size(); i++) {
        int more = i < frames.size() - 1 ? ZMQ.SNDMORE : 0;
        if (!router.send(frames.get(i), ZMQ.DONTWAIT | more)) {
          dropped("its send queue is full");
          return;
        }
      }
    } catch (ZMQException e) {
      dropped(e.getErrorCode() == ZMQ.Error.EHOSTUNREACH.getCode() ? "it has gone" : e.toString());
    }
  }

  private void dropped(String why) {
    undelivered.incrementAndGet();
    LOG.info(() -> "dropped a reply to a client: " + why);
  }

  /** Stops serving and closes the socket (pending replies get {@code LINGER_MS} to leave). */
  @Override
  public void close() {
    closing = true;
    writeWakeByte();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      wake.source().close();
      wake.sink().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the wake-up pipe", e);
    }
  }
}
