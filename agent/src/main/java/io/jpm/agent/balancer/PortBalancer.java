package io.jpm.agent.balancer;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent-owned TCP balancer: public ports whose connections are proxied, byte for byte, to the
 * private ports of an app's instances. All ports share one thread ({@code jpm-balancer}) with one
 * Selector; no thread per connection.
 */
public final class PortBalancer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PortBalancer.class.getName());
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final BalancerOptions options;
  private final BalancerListener listener;
  private final BalancerLoop loop;
  private final Buffers buffers;
  private final Set<PortListener> ports = ConcurrentHashMap.newKeySet();

  /** Starts the balancer thread; it serves no port until {@link #open}. */
  public PortBalancer(BalancerOptions options, BalancerListener listener) {
    this.options = options;
    this.listener = listener;
    this.buffers = new Buffers(options.bufferBytes());
    this.loop = new BalancerLoop("jpm-balancer");
  }

  /**
   * Listens on {@code address} (port 0 picks a free one; the wildcard address serves every
   * interface, like a pm2 cluster app) and balances its connections with {@code strategy}. Any
   * thread. The port is served from the moment this returns; connections wait in the backlog until
   * then.
   *
   * @throws BindException when the address is in use or not local, naming the address and {@code
   *     name}
   */
  public BalancedPort open(String name, InetSocketAddress address, BalanceStrategy strategy)
      throws IOException {
    ServerSocketChannel channel = ServerSocketChannel.open();
    InetSocketAddress bound;
    try {
      // Lets a restarted agent bind again while old connections linger in TIME_WAIT; it does
      // not let two sockets listen on one port.
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(address, options.backlog());
      channel.configureBlocking(false);
      bound = (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      channel.close();
      BindException clear =
          new BindException(
              "cannot listen on " + describe(address) + " for " + name + ": " + e.getMessage());
      clear.initCause(e);
      throw clear;
    }
    PortListener port =
        new PortListener(name, channel, bound, loop, buffers, options, listener, strategy);
    try {
      loop.execute(
          () -> {
            try {
              port.register();
            } catch (IOException e) {
              LOG.log(Level.SEVERE, "cannot serve port " + name, e);
              port.close();
            }
          });
    } catch (RejectedExecutionException e) {
      channel.close();
      throw new IllegalStateException("the balancer is closed; cannot open port " + name, e);
    }
    ports.add(port);
    return new BalancedPort(port, loop, () -> ports.remove(port));
  }

  private static String describe(InetSocketAddress address) {
    String host =
        address.getAddress() == null
            ? address.getHostString()
            : address.getAddress().getHostAddress();
    return host + ":" + address.getPort();
  }

  /** Closes every port (resetting their connections) and stops the thread. Idempotent. */
  @Override
  public void close() {
    if (!loop.running()) {
      return;
    }
    CompletableFuture<Void> done;
    try {
      done =
          loop.call(
                  () -> {
                    List.copyOf(ports).forEach(PortListener::close);
                    return CompletableFuture.<Void>completedFuture(null);
                  })
              .thenCompose(v -> loop.stop());
    } catch (RejectedExecutionException e) {
      return; // already closed
    }
    try {
      done.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.WARNING, "the balancer thread did not stop cleanly", e);
    }
  }
}
