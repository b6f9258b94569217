package io.jpm.agent.transport;

import io.jpm.agent.Version;
import io.jpm.agent.security.CurveClient;
import io.jpm.messages.v1.AnnounceRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * Offers this agent to a controller (Salt-style enrollment, docs/fleet.md): every {@code period} it
 * sends an AnnounceRequest over a CURVE DEALER (the agent's own key pair as client key) and logs,
 * once per change, whether the controller accepted it, holds it pending, refused it or cannot be
 * reached. A request without a reply within the period counts as unreachable, and the socket is
 * replaced (Lazy Pirate), so nothing stale is queued for a controller that comes back.
 */
public final class Announcer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Announcer.class.getName());
  // How often the thread looks at the closing flag while it waits.
  private static final int POLL_MS = 200;

  /** What the controller last said. */
  public enum Status {
    /** Nothing sent yet. */
    STARTING,
    /** The controller knows and accepted this agent's key. */
    ACCEPTED,
    /** The controller recorded the agent; `jpm keys accept HOST` is pending. */
    PENDING,
    /** The controller answered with an error. */
    REFUSED,
    /** No answer within the period (down, unreachable, or our key refused by its ZAP). */
    UNREACHABLE
  }

  private final ZContext ctx;
  private final String endpoint;
  private final CurveClient curve;
  private final AnnounceRequest announce;
  private final Duration period;
  private final Thread thread;
  private volatile Status status = Status.STARTING;
  private String lastError = "";
  private volatile boolean closing;

  private Announcer(
      ZContext ctx, String endpoint, CurveClient curve, AnnounceRequest announce, Duration period) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.curve = curve;
    this.announce = announce;
    this.period = period;
    this.thread = new Thread(this::run, "jpm-announce");
    thread.setDaemon(true);
  }

  /**
   * Starts announcing {@code announce} to {@code endpoint} every {@code period}.
   *
   * @param curve the controller's public key and this agent's key pair
   */
  public static Announcer start(
      ZContext ctx, String endpoint, CurveClient curve, AnnounceRequest announce, Duration period) {
    Announcer a = new Announcer(ctx, endpoint, curve, announce, period);
    a.thread.start();
    return a;
  }

  /** What the controller last said. */
  public Status status() {
    return status;
  }

  private void run() {
    ZMQ.Socket dealer = null;
    try {
      while (!closing) {
        long started = System.nanoTime();
        if (dealer == null) {
          dealer = connect();
        }
        Status next = exchange(dealer);
        if (next == Status.UNREACHABLE) {
          dealer.close();
          dealer = null;
        }
        note(next);
        waitUntil(started + period.toNanos());
      }
    } catch (ZMQException e) {
      if (!closing) {
        LOG.log(Level.SEVERE, "announcing to " + endpoint + " stopped", e);
      }
    } finally {
      if (dealer != null) {
        dealer.close();
      }
    }
  }

  private ZMQ.Socket connect() {
    ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
    dealer.setLinger(0);
    dealer.setHandshakeIvl((int) period.toMillis());
    dealer.setReceiveTimeOut(POLL_MS);
    curve.apply(dealer);
    dealer.connect(endpoint);
    return dealer;
  }

  private Status exchange(ZMQ.Socket dealer) {
    String id = UUID.randomUUID().toString();
    Request request =
        Request.newBuilder()
            .setCorrelationId(id)
            .setProtocolVersion(Version.PROTOCOL)
            .setClientVersion(Version.software())
            .setAnnounce(announce)
            .build();
    dealer.send(new byte[0], ZMQ.SNDMORE | ZMQ.DONTWAIT);
    dealer.send(request.toByteArray(), ZMQ.DONTWAIT);
    long deadline = System.nanoTime() + period.toNanos();
    while (!closing && System.nanoTime() < deadline) {
      ZMsg msg = ZMsg.recvMsg(dealer);
      if (msg == null) {
        continue;
      }
      Reply reply = parse(msg);
      if (reply != null && reply.getCorrelationId().equals(id)) {
        if (reply.hasError()) {
          lastError = reply.getError().getCode() + ": " + reply.getError().getMessage();
          return Status.REFUSED;
        }
        return reply.getAnnounce().getAccepted() ? Status.ACCEPTED : Status.PENDING;
      }
    }
    return Status.UNREACHABLE;
  }

  private static Reply parse(ZMsg msg) {
    try {
      return Reply.parseFrom(msg.getLast().getData());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      LOG.fine(() -> "ignored a reply that is not a Reply: " + e.getMessage());
      return null;
    }
  }

  private void note(Status next) {
    Status before = status;
    status = next;
    if (next == before || closing) {
      return;
    }
    String what =
        switch (next) {
          case ACCEPTED -> "accepted by the controller";
          case PENDING ->
              "pending at the controller: run `jpm keys accept " + announce.getHost() + "` there";
          case REFUSED -> "refused by the controller: " + lastError;
          case UNREACHABLE ->
              "no answer from the controller within "
                  + period.toSeconds()
                  + "s (down, unreachable, or it does not know this agent's key"
                  + " "
                  + announce.getPublicKey()
                  + "); retrying";
          case STARTING -> "starting";
        };
    LOG.log(
        next == Status.ACCEPTED || next == Status.PENDING ? Level.INFO : Level.WARNING,
        () -> "announce to " + endpoint + ": " + what);
  }

  private void waitUntil(long until) {
    // A blocking wait that close() can cut short.
    synchronized (this) {
      while (!closing && until - System.nanoTime() > 0) {
        try {
          wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    synchronized (this) {
      notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
