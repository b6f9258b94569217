package io.jpm.agent.balancer;

import static java.nio.channels.SelectionKey.OP_ACCEPT;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One public port on the balancer thread: accepts connections, hands each to a backend of its
 * {@link Rotation}, holds them while the rotation is empty, and retries the next backend when one
 * refuses. Balancer thread only, except {@link #snapshot}.
 */
final class PortListener implements Selectable {
  private static final Logger LOG = Logger.getLogger(PortListener.class.getName());

  /** Accepts per readiness event, so one busy port cannot starve the others. */
  private static final int ACCEPT_BATCH = 64;

  /** Pause after an accept error (e.g. out of file descriptors) instead of spinning on it. */
  private static final Duration ACCEPT_PAUSE = Duration.ofMillis(100);

  private final String name;
  private final ServerSocketChannel server;
  private final InetSocketAddress address;
  private final BalancerLoop loop;
  private final Buffers buffers;
  private final BalancerOptions options;
  private final BalancerListener listener;
  private final Rotation rotation;
  private final ArrayDeque<ProxiedConnection> waiting = new ArrayDeque<>();
  private final Set<ProxiedConnection> open = new LinkedHashSet<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  // Written only on the balancer thread; volatile for snapshots.
  private volatile int activeCount;
  private volatile int waitingCount;
  private SelectionKey key;
  private boolean closed;

  PortListener(
      String name,
      ServerSocketChannel server,
      InetSocketAddress address,
      BalancerLoop loop,
      Buffers buffers,
      BalancerOptions options,
      BalancerListener listener,
      BalanceStrategy strategy) {
    this.name = name;
    this.server = server;
    this.address = address;
    this.loop = loop;
    this.buffers = buffers;
    this.options = options;
    this.listener = listener;
    this.rotation = new Rotation(name, strategy, loop);
  }

  String name() {
    return name;
  }

  InetSocketAddress address() {
    return address;
  }

  Rotation rotation() {
    return rotation;
  }

  Selector selector() {
    return loop.selector();
  }

  Buffers buffers() {
    return buffers;
  }

  BalancerLoop loop() {
    return loop;
  }

  Duration connectTimeout() {
    return options.connectTimeout();
  }

  /** Starts accepting. */
  void register() throws IOException {
    key = server.register(loop.selector(), OP_ACCEPT, this);
  }

  @Override
  public void onReady(SelectionKey readyKey) {
    for (int i = 0; i < ACCEPT_BATCH && !closed; i++) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "accept on port " + name + " failed; pausing accepts", e);
        pauseAccepting();
        return;
      }
      if (client == null) {
        return;
      }
      accepted.incrementAndGet();
      try {
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      } catch (IOException e) {
        closeQuietly(client); // reset before we got to it
        continue;
      }
      ProxiedConnection connection = new ProxiedConnection(this, client);
      open.add(connection);
      activeCount = open.size();
      dispatch(connection);
    }
  }

  private static void closeQuietly(SocketChannel client) {
    try {
      client.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing a client failed", e);
    }
  }

  private void pauseAccepting() {
    key.interestOps(0);
    loop.schedule(
        ACCEPT_PAUSE,
        () -> {
          if (!closed) {
            key.interestOps(OP_ACCEPT);
          }
        });
  }

  /** Hands {@code c} to the next untried backend, holds it if none is in rotation, or drops it. */
  void dispatch(ProxiedConnection c) {
    var next = rotation.pick(c);
    if (next.isPresent()) {
      c.connect(next.get());
    } else if (rotation.isEmpty()) {
      hold(c);
    } else {
      drop(c, "every backend in rotation refused the connection");
    }
  }

  private void hold(ProxiedConnection c) {
    Duration wait = options.waitForBackend();
    if (wait.isZero()) {
      drop(c, "no backend in rotation");
      return;
    }
    waiting.add(c);
    waitingCount = waiting.size();
    c.waitUntil(
        loop.schedule(
            wait, () -> drop(c, "no backend in rotation within " + wait.toMillis() + " ms")));
  }

  private void drop(ProxiedConnection c, String reason) {
    dropped.incrementAndGet();
    report(() -> listener.connectionDropped(name, reason));
    c.abort();
  }

  /** Adds a backend and hands it the connections that were waiting for one. */
  void add(String key, int privatePort) {
    if (closed) {
      throw new IllegalStateException("port " + name + " is closed");
    }
    rotation.add(key, privatePort);
    while (!waiting.isEmpty()) {
      ProxiedConnection c = waiting.poll();
      waitingCount = waiting.size();
      c.stopWaiting();
      dispatch(c);
    }
  }

  /** A backend refused {@code c}: report it, then offer {@code c} to the next backend. */
  void connectFailed(ProxiedConnection c, Backend refused, IOException cause) {
    report(() -> listener.backendRefused(name, refused.key(), cause));
    dispatch(c);
  }

  /** Forgets a closed connection. */
  void closed(ProxiedConnection c) {
    open.remove(c);
    activeCount = open.size();
    if (waiting.remove(c)) {
      waitingCount = waiting.size();
    }
  }

  /** Stops listening, resets every connection and ends every drain. Idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (key != null) {
      key.cancel();
    }
    try {
      server.close();
      // A registered channel's descriptor is only released when the selector deregisters it;
      // do that now so the port can be bound again as soon as close() completes.
      loop.selector().selectNow(k -> {});
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing port " + name + " failed", e);
    }
    rotation.closeAll(); // first, so drains report the connections they lose
    List.copyOf(open).forEach(ProxiedConnection::abort);
  }

  @Override
  public void abort() {
    close();
  }

  private void report(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "balancer listener failed", e);
    }
  }

  PortSnapshot snapshot() {
    return new PortSnapshot(
        name,
        address,
        rotation.strategy(),
        accepted.get(),
        activeCount,
        waitingCount,
        dropped.get(),
        rotation.snapshots());
  }
}
