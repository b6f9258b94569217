package io.jpm.agent.balancer;

import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection and, once a backend is picked, its connection to that backend: waiting (no
 * backend in rotation) → connecting → proxying both ways → closed. The client socket is only
 * watched once the backend accepted, so its first bytes wait in the kernel until there is somewhere
 * to send them. Balancer thread only.
 */
final class ProxiedConnection implements Selectable {
  private final PortListener port;
  private final SocketChannel client;
  private final List<Backend> tried = new ArrayList<>(2);
  private SocketChannel server;
  private SelectionKey clientKey;
  private SelectionKey serverKey;
  private Backend backend;
  private Flow up; // client → backend; null until connected
  private Flow down; // backend → client
  private BalancerLoop.Timer waitTimer;
  private BalancerLoop.Timer connectTimer;
  private boolean closed;

  ProxiedConnection(PortListener port, SocketChannel client) {
    this.port = port;
    this.client = client;
  }

  /** True when {@code b} was offered this connection already (and refused it). */
  boolean tried(Backend b) {
    return tried.contains(b);
  }

  void waitUntil(BalancerLoop.Timer timer) {
    waitTimer = timer;
  }

  void stopWaiting() {
    if (waitTimer != null) {
      waitTimer.cancel();
      waitTimer = null;
    }
  }

  /** Starts connecting to {@code b}; a refusal goes back to the port to try the next backend. */
  void connect(Backend b) {
    backend = b;
    tried.add(b);
    b.attach(this);
    try {
      server = SocketChannel.open();
      server.configureBlocking(false);
      server.setOption(StandardSocketOptions.TCP_NODELAY, true);
      // On loopback the handshake mostly completes inside connect(), though a non-blocking
      // connect still says "in progress": finishConnect() sees it at once and saves a trip
      // through the selector.
      if (server.connect(b.address()) || server.finishConnect()) {
        startProxying();
        return;
      }
      serverKey = server.register(port.selector(), OP_CONNECT, this);
    } catch (IOException e) {
      connectFailed(e);
      return;
    }
    connectTimer = port.loop().schedule(port.connectTimeout(), this::connectTimedOut);
  }

  @Override
  public void onReady(SelectionKey key) {
    if (up == null) {
      finishConnect();
      return;
    }
    try {
      if (key.isReadable()) {
        (key == clientKey ? up : down).onReadable();
      }
      if (key.isValid() && key.isWritable()) {
        (key == clientKey ? down : up).onWritable();
      }
      settle();
    } catch (IOException e) {
      // A reset or a broken pipe on either side: pass the reset on, so the other peer cannot
      // take a cut stream for a complete one.
      close(true);
    }
  }

  /** Closes when both directions are finished, else watches what the flows are waiting for. */
  private void settle() {
    if (up.finished() && down.finished()) {
      close(false);
    } else {
      watch(clientKey, (up.wantsRead() ? OP_READ : 0) | (down.wantsWrite() ? OP_WRITE : 0));
      watch(serverKey, (down.wantsRead() ? OP_READ : 0) | (up.wantsWrite() ? OP_WRITE : 0));
    }
  }

  @Override
  public void abort() {
    close(true);
  }

  private void connectTimedOut() {
    connectTimer = null;
    connectFailed(
        new SocketTimeoutException(
            "connect timed out after " + port.connectTimeout().toMillis() + " ms"));
  }

  private void finishConnect() {
    try {
      if (!server.finishConnect()) {
        return;
      }
    } catch (IOException e) {
      connectFailed(e);
      return;
    }
    startProxying();
  }

  /** The backend accepted: watch both sides. Errors from here on are the client's or a reset. */
  private void startProxying() {
    cancelConnectTimer();
    Backend b = backend;
    up = new Flow(client, server, port.buffers(), b::countToBackend);
    down = new Flow(server, client, port.buffers(), b::countFromBackend);
    try {
      if (serverKey == null) {
        serverKey = server.register(port.selector(), OP_READ, this);
      } else {
        serverKey.interestOps(OP_READ);
      }
      clientKey = client.register(port.selector(), OP_READ, this);
      // A client mostly sent its first bytes while we connected: pass them on now rather than
      // after another trip through the selector.
      up.onReadable();
      settle();
    } catch (IOException e) {
      close(true);
    }
  }

  private void cancelConnectTimer() {
    if (connectTimer != null) {
      connectTimer.cancel();
      connectTimer = null;
    }
  }

  private void connectFailed(IOException cause) {
    cancelConnectTimer();
    closeQuietly(server, false);
    server = null;
    serverKey = null;
    Backend failed = backend;
    backend = null;
    failed.countConnectFailure();
    failed.detach(this);
    port.connectFailed(this, failed, cause);
  }

  private static void watch(SelectionKey key, int ops) {
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  /** Closes both sides; {@code reset} sends RST instead of FIN. Idempotent. */
  void close(boolean reset) {
    if (closed) {
      return;
    }
    closed = true;
    stopWaiting();
    cancelConnectTimer();
    closeQuietly(client, reset);
    closeQuietly(server, reset);
    if (up != null) {
      up.release();
      down.release();
    }
    if (backend != null) {
      backend.detach(this);
    }
    port.closed(this);
  }

  private static void closeQuietly(SocketChannel channel, boolean reset) {
    if (channel == null) {
      return;
    }
    try {
      if (reset && channel.isOpen()) {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
      }
    } catch (IOException e) {
      // Already reset by its peer: closing is all that is left.
    }
    try {
      channel.close();
    } catch (IOException e) {
      // Nothing to do: the descriptor is released either way.
    }
  }
}
