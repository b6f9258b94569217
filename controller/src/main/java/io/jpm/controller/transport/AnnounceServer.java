package io.jpm.controller.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.agent.Version;
import io.jpm.agent.security.CurveServer;
import io.jpm.agent.security.ZapHandler;
import io.jpm.controller.fleet.Enrollment;
import io.jpm.messages.v1.AnnounceReply;
import io.jpm.messages.v1.AnnounceRequest;
import io.jpm.messages.v1.Error;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.io.Metadata;

/**
 * The controller's announce endpoint ({@code --announce-bind}): a CURVE-server ROUTER in the {@link
 * CurveServer#ANY_KEY_DOMAIN}, so any agent key passes the handshake, that answers AnnounceRequest
 * only (anything else: PERMISSION_DENIED) and only for the key the connection uses ({@link
 * Enrollment}). Answers are quick file operations, so one thread serves them in turn.
 */
public final class AnnounceServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AnnounceServer.class.getName());
  private static final int POLL_MS = 200;
  private static final long MAX_MESSAGE_BYTES = 64 << 10;

  private final ZContext ctx;
  private final List<String> binds;
  private final CurveServer curve;
  private final Enrollment enrollment;
  private final CompletableFuture<List<String>> bound = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closing;

  private AnnounceServer(
      ZContext ctx, List<String> binds, CurveServer curve, Enrollment enrollment) {
    this.ctx = ctx;
    this.binds = List.copyOf(binds);
    this.curve = curve;
    this.enrollment = enrollment;
    this.thread = new Thread(this::run, "jpm-announce-server");
    thread.setDaemon(true);
  }

  /**
   * Binds {@code binds} and starts answering; the context's {@link ZapHandler} must already run.
   *
   * @param curve an {@link CurveServer#anyKey} server with the controller's key pair
   * @throws IOException when an endpoint cannot be bound
   */
  public static AnnounceServer start(
      ZContext ctx, List<String> binds, CurveServer curve, Enrollment enrollment)
      throws IOException {
    AnnounceServer s = new AnnounceServer(ctx, binds, curve, enrollment);
    s.thread.start();
    try {
      s.bound.get(30, TimeUnit.SECONDS);
      return s;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      s.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot bind the announce socket: " + cause.getMessage(), cause);
    }
  }

  /** The endpoints actually bound, with chosen ports filled in. */
  public List<String> endpoints() {
    return bound.getNow(List.of());
  }

  private void run() {
    ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
    try {
      router.setLinger(0);
      router.setMaxMsgSize(MAX_MESSAGE_BYTES);
      router.setHandshakeIvl(5_000);
      router.setReceiveTimeOut(POLL_MS);
      curve.apply(router);
      List<String> out = new ArrayList<>();
      for (String endpoint : binds) {
        if (!router.bind(endpoint)) {
          throw new IllegalStateException(endpoint + ": errno " + router.errno());
        }
        out.add(router.getLastEndpoint());
      }
      bound.complete(List.copyOf(out));
    } catch (RuntimeException e) {
      router.close();
      bound.completeExceptionally(e);
      return;
    }
    try {
      while (!closing) {
        receiveOne(router);
      }
    } catch (ZMQException e) {
      if (!closing) {
        LOG.log(Level.SEVERE, "announce server stopped", e);
      }
    } finally {
      router.close();
    }
  }

  private void receiveOne(ZMQ.Socket router) {
    zmq.Msg part = router.recvMsg(0);
    if (part == null) {
      return;
    }
    List<byte[]> frames = new ArrayList<>();
    String userId = "";
    String address = "";
    while (true) {
      frames.add(part.data());
      Metadata meta = part.getMetadata();
      if (meta != null && meta.get(Metadata.USER_ID) != null) {
        userId = meta.get(Metadata.USER_ID);
      }
      if (meta != null && meta.get(Metadata.PEER_ADDRESS) != null) {
        address = meta.get(Metadata.PEER_ADDRESS);
      }
      if (!part.hasMore()) {
        break;
      }
      part = router.recvMsg(0);
    }
    // [identity][empty][Request] from a DEALER; anything shorter has no body to answer.
    if (frames.size() < 2) {
      return;
    }
    Reply reply;
    try {
      reply = answer(frames.get(frames.size() - 1), userId, address);
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "failed to answer an announcement", e);
      reply = error(ErrorCode.ERROR_CODE_INTERNAL, "controller error: " + e, "");
    }
    List<byte[]> envelope = frames.subList(0, frames.size() - 1);
    for (byte[] f : envelope) {
      router.send(f, ZMQ.SNDMORE | ZMQ.DONTWAIT);
    }
    router.send(reply.toByteArray(), ZMQ.DONTWAIT);
  }

  private Reply answer(byte[] body, String userId, String address) {
    Request request;
    try {
      request = Request.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      return error(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "not a Request: " + e.getMessage(), "");
    }
    String id = request.getCorrelationId();
    String key =
        userId.startsWith(ZapHandler.KEY_USER_ID_PREFIX)
            ? userId.substring(ZapHandler.KEY_USER_ID_PREFIX.length())
            : "";
    if (!request.hasAnnounce() || key.isEmpty()) {
      String what = request.getCommandCase().name().toLowerCase(Locale.ROOT);
      LOG.warning(
          () -> "denied " + what + " on the announce endpoint to " + userId + " " + address);
      return error(
          ErrorCode.ERROR_CODE_PERMISSION_DENIED,
          "the announce endpoint takes announcements only, not " + what,
          id);
    }
    AnnounceRequest a = request.getAnnounce();
    Enrollment.Verdict verdict;
    try {
      verdict =
          enrollment.announce(
              new Enrollment.Announcement(
                  a.getHost(),
                  a.getControlEndpoint(),
                  a.getPublicKey(),
                  a.getLabelsMap(),
                  a.getVersion()),
              key,
              address);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot record the announcement of " + a.getHost(), e);
      return error(ErrorCode.ERROR_CODE_INTERNAL, "cannot record the announcement: " + e, id);
    }
    if (verdict.isRefused()) {
      LOG.warning(
          () ->
              "refused the announcement of "
                  + a.getHost()
                  + " from "
                  + address
                  + ": "
                  + verdict.refusal());
      return error(ErrorCode.ERROR_CODE_PERMISSION_DENIED, verdict.refusal(), id);
    }
    return stamped(id)
        .setAnnounce(AnnounceReply.newBuilder().setAccepted(verdict.accepted()))
        .build();
  }

  private static Reply error(ErrorCode code, String message, String correlationId) {
    return stamped(correlationId)
        .setError(Error.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  private static Reply.Builder stamped(String correlationId) {
    return Reply.newBuilder()
        .setCorrelationId(correlationId)
        .setProtocolVersion(Version.PROTOCOL)
        .setAgentVersion(Version.software());
  }

  /** Stops answering (within {@code POLL_MS}) and closes the socket. */
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
