package io.jpm.agent.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * The ZAP handler (ZeroMQ Authentication Protocol 1.0, RFC 27) of one {@link ZContext}: a thread
 * serving {@code inproc://zeromq.zap.01} that accepts a CURVE client when {@link AuthorizedKeys}
 * knows its key, and gives it the ZAP User-Id {@code "<role>:<name>"} ({@link Role#ofUserId}),
 * which every message from that client then carries as metadata. A socket in the {@link
 * CurveServer#ANY_KEY_DOMAIN} lets every CURVE key in, with the User-Id {@code "key:<Z85 key>"} (no
 * role).
 *
 * <p>JeroMQ's ZAuth only allow-lists a certificate directory and has no roles, hence this class.
 * Every refusal is logged on one line with the peer address and key. A malformed request is
 * answered with status 400 and logged; it never ends the thread.
 *
 * <p>Lifetime: start it before any {@link CurveServer} socket of the context binds (a CURVE server
 * in a context without a ZAP handler lets every client in) and close it after they are closed. One
 * per context: the inproc endpoint can be bound once.
 */
public final class ZapHandler implements AutoCloseable {
  /** The well-known endpoint ZeroMQ sends ZAP requests to. */
  public static final String ENDPOINT = "inproc://zeromq.zap.01";

  /** The User-Id prefix of a client let in by a {@link CurveServer#ANY_KEY_DOMAIN} socket. */
  public static final String KEY_USER_ID_PREFIX = "key:";

  private static final Logger LOG = Logger.getLogger(ZapHandler.class.getName());
  // How often the thread looks at the closing flag while no request comes.
  private static final int POLL_MS = 200;

  private final ZContext ctx;
  private final AuthorizedKeys keys;
  private final CompletableFuture<Void> bound = new CompletableFuture<>();
  private final AtomicLong refusals = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  private ZapHandler(ZContext ctx, AuthorizedKeys keys) {
    this.ctx = ctx;
    this.keys = keys;
    this.thread = new Thread(this::run, "jpm-zap");
    thread.setDaemon(true);
  }

  /**
   * Binds the context's ZAP endpoint and starts answering.
   *
   * @throws IllegalStateException when the endpoint cannot be bound (e.g. another handler runs in
   *     this context)
   */
  public static ZapHandler start(ZContext ctx, AuthorizedKeys keys) {
    ZapHandler h = new ZapHandler(ctx, keys);
    h.thread.start();
    try {
      h.bound.get(30, TimeUnit.SECONDS);
      return h;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      h.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cannot start the ZAP handler: " + cause.getMessage(), cause);
    }
  }

  /** The keys this handler accepts. */
  public AuthorizedKeys keys() {
    return keys;
  }

  /** Handshakes refused so far (unknown keys, malformed requests). */
  public long refusals() {
    return refusals.get();
  }

  private void run() {
    ZMQ.Socket rep = ctx.createSocket(SocketType.REP);
    try {
      rep.setLinger(0);
      rep.setReceiveTimeOut(POLL_MS);
      if (!rep.bind(ENDPOINT)) {
        throw new IllegalStateException(ENDPOINT + ": errno " + rep.errno());
      }
      bound.complete(null);
    } catch (RuntimeException e) {
      rep.close();
      bound.completeExceptionally(e);
      return;
    }
    try {
      while (!closing) {
        ZMsg request = ZMsg.recvMsg(rep);
        if (request != null) {
          reply(rep, request);
        }
      }
    } catch (ZMQException e) {
      if (!closing) {
        LOG.log(Level.SEVERE, "ZAP handler stopped: CURVE handshakes now wait and fail", e);
      }
    } finally {
      rep.close();
    }
  }

  private void reply(ZMQ.Socket rep, ZMsg request) {
    List<byte[]> frames = request.stream().map(ZFrame::getData).toList();
    Answer answer;
    try {
      answer = decide(frames);
    } catch (RuntimeException e) {
      // A bug here must neither kill the handler nor let a client in.
      LOG.log(Level.SEVERE, "ZAP handler failed on a request; refusing it", e);
      answer = Answer.refuse("500", "internal error");
    }
    ZMsg out = new ZMsg();
    out.add("1.0");
    out.add(frames.size() > 1 ? frames.get(1) : new byte[0]);
    out.add(answer.status());
    out.add(answer.text());
    out.add(answer.userId());
    out.add(new byte[0]);
    out.send(rep);
  }

  private record Answer(String status, String text, String userId) {
    static Answer refuse(String status, String text) {
      return new Answer(status, text, "");
    }
  }

  private Answer decide(List<byte[]> frames) {
    // version, request id, domain, address, identity, mechanism, credentials...
    if (frames.size() < 6 || !text(frames.get(0)).equals("1.0")) {
      refusals.incrementAndGet();
      LOG.warning(() -> "refused a malformed ZAP request (" + frames.size() + " frame(s))");
      return Answer.refuse("400", "malformed ZAP request");
    }
    String address = text(frames.get(3));
    String mechanism = text(frames.get(5));
    if (!mechanism.equals("CURVE") || frames.size() < 7 || frames.get(6).length != 32) {
      refusals.incrementAndGet();
      LOG.warning(
          () -> "refused a " + mechanism + " connection from " + address + ": CURVE keys only");
      return Answer.refuse("400", "CURVE only");
    }
    String key = ZMQ.Curve.z85Encode(frames.get(6));
    if (text(frames.get(2)).equals(CurveServer.ANY_KEY_DOMAIN)) {
      // The server itself checks what such a client may do (e.g. announce its own key only).
      return new Answer("200", "OK", KEY_USER_ID_PREFIX + key);
    }
    Optional<AuthorizedKey> known = keys.find(key);
    if (known.isEmpty()) {
      refusals.incrementAndGet();
      LOG.warning(
          () ->
              "refused CURVE key "
                  + key
                  + " from "
                  + address
                  + ": not in "
                  + keys.file()
                  + " (jpm keys authorize KEY --name NAME)");
      return Answer.refuse("400", "key not authorized");
    }
    AuthorizedKey k = known.get();
    LOG.fine(() -> "accepted " + k.name() + " (" + k.role().word() + ") from " + address);
    return new Answer("200", "OK", k.userId());
  }

  private static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  /** Stops answering (within {@code POLL_MS}) and closes the endpoint. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
