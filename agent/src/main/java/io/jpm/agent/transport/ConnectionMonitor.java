package io.jpm.agent.transport;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;
import org.zeromq.ZMonitor;

/**
 * Watches a server socket's connections (ZeroMQ socket monitor) so that failed handshakes, which
 * ZeroMQ otherwise handles silently (java-stack.md §1.7), leave a log line, and disconnects are
 * counted. Owned by the thread that owns the watched socket.
 */
final class ConnectionMonitor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ConnectionMonitor.class.getName());
  private static final int EVENTS =
      ZMQ.EVENT_DISCONNECTED
          | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
          | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
          | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

  private final ZMQ.Socket watched;
  private final ZMQ.Socket events;
  private final AtomicLong disconnects = new AtomicLong();

  /** Starts monitoring {@code watched}; {@code name} makes the inproc endpoint unique. */
  ConnectionMonitor(ZContext ctx, ZMQ.Socket watched, String name) {
    this.watched = watched;
    String endpoint = "inproc://jpm-monitor-" + name + "-" + System.identityHashCode(this);
    if (!watched.monitor(endpoint, EVENTS)) {
      throw new IllegalStateException("cannot monitor " + name + ": errno " + watched.errno());
    }
    this.events = ctx.createSocket(SocketType.PAIR);
    events.connect(endpoint);
  }

  /** The socket to register in the owner's poller. */
  ZMQ.Socket socket() {
    return events;
  }

  /** Handles every event waiting; never blocks. */
  void drain() {
    ZEvent e;
    while ((e = ZEvent.recv(events, ZMQ.DONTWAIT)) != null) {
      ZMonitor.Event kind = e.getEvent();
      if (kind == ZMonitor.Event.DISCONNECTED) {
        disconnects.incrementAndGet();
      } else {
        ZEvent event = e;
        LOG.warning(() -> "refused a connection on " + event.getAddress() + ": " + kind);
      }
    }
  }

  /** Connections that ended, for whatever reason. */
  long disconnects() {
    return disconnects.get();
  }

  @Override
  public void close() {
    watched.monitor(null, 0);
    events.close();
  }
}
