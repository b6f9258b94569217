package io.jpm.controller.transport;

import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.messages.v1.Request;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The two sockets the controller keeps per agent: a DEALER to its control endpoint and, once its
 * ping reply has named it, a SUB to its events endpoint. A tcp:// host's sockets are CURVE clients
 * with the controller's home key pair and the host's key from the inventory; ipc:// ones are
 * plaintext (a local agent of the same user).
 *
 * <p>Concurrency contract: created, used and closed only on the {@link AgentLinks} IO thread.
 */
final class AgentLink {
  // Aborts a stalled ZMTP greeting so the socket reconnects (java-stack.md §1.9).
  private static final int HANDSHAKE_MS = 1_000;
  private static final int HEARTBEAT_MS = 1_000;
  private static final int HEARTBEAT_TIMEOUT_MS = 3_000;
  private static final long MAX_REPLY_BYTES = 64L << 20;
  private static final long MAX_EVENT_BYTES = 4L << 20;
  private static final int EVENT_HWM = 100_000;

  final HostEntry entry;
  final ZMQ.Socket dealer;
  ZMQ.Socket sub;
  String subEndpoint = "";
  private final ZContext ctx;
  private final Optional<CurveKeyPair> own;

  private AgentLink(HostEntry entry, ZContext ctx, Optional<CurveKeyPair> own, ZMQ.Socket dealer) {
    this.entry = entry;
    this.ctx = ctx;
    this.own = own;
    this.dealer = dealer;
  }

  /**
   * Opens the DEALER and connects it (ZeroMQ reconnects on its own).
   *
   * @throws IllegalStateException when a tcp:// host needs a key pair the controller lacks
   */
  static AgentLink open(ZContext ctx, HostEntry entry, Optional<CurveKeyPair> own) {
    ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
    try {
      dealer.setLinger(0);
      // Queue only on a live connection: a send to a host that is down fails at once.
      dealer.setImmediate(true);
      dealer.setMaxMsgSize(MAX_REPLY_BYTES);
      dealer.setHeartbeatIvl(HEARTBEAT_MS);
      dealer.setHeartbeatTimeout(HEARTBEAT_TIMEOUT_MS);
      AgentLink link = new AgentLink(entry, ctx, own, dealer);
      link.common(dealer);
      dealer.connect(entry.endpoint());
      return link;
    } catch (RuntimeException e) {
      dealer.close();
      throw e;
    }
  }

  /** Sends a request ({@code [empty][Request]}); false when the host has no live connection. */
  boolean send(Request request) {
    return dealer.send(new byte[0], ZMQ.SNDMORE | ZMQ.DONTWAIT)
        && dealer.send(request.toByteArray(), ZMQ.DONTWAIT);
  }

  /** Subscribes to every topic at {@code endpoint}, replacing an earlier subscription elsewhere. */
  void subscribe(String endpoint) {
    if (endpoint.isEmpty() || endpoint.equals(subEndpoint)) {
      return;
    }
    closeSub();
    ZMQ.Socket s = ctx.createSocket(SocketType.SUB);
    try {
      s.setLinger(0);
      s.setMaxMsgSize(MAX_EVENT_BYTES);
      s.setRcvHWM(EVENT_HWM);
      s.setHeartbeatIvl(HEARTBEAT_MS);
      s.setHeartbeatTimeout(HEARTBEAT_TIMEOUT_MS);
      common(s);
      s.subscribe(new byte[0]);
      s.connect(endpoint);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    sub = s;
    subEndpoint = endpoint;
  }

  /** Closes both sockets. */
  void close() {
    closeSub();
    dealer.close();
  }

  private void closeSub() {
    if (sub != null) {
      sub.close();
      sub = null;
      subEndpoint = "";
    }
  }

  private void common(ZMQ.Socket s) {
    s.setHandshakeIvl(HANDSHAKE_MS);
    if (entry.endpoint().startsWith("tcp://")) {
      CurveKeyPair keys =
          own.orElseThrow(
              () -> new IllegalStateException("no key pair for the CURVE host " + entry.name()));
      new CurveClient(entry.publicKey(), keys).apply(s);
    }
  }
}
