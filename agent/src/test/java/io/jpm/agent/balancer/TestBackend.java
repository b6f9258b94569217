package io.jpm.agent.balancer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend instance for balancer tests on 127.0.0.1: echoes every connection (after sending its
 * name and a newline when it is a greeter) and shuts its output when the client's stream ends.
 */
final class TestBackend implements AutoCloseable {
  private final String name;
  private final boolean greets;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private final Thread acceptor;

  private TestBackend(String name, boolean greets) throws IOException {
    this.name = name;
    this.greets = greets;
    this.server = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "test-backend-" + name);
    acceptor.start();
  }

  /** A backend that echoes. */
  static TestBackend echo(String name) throws IOException {
    return new TestBackend(name, false);
  }

  /** A backend that sends {@code name + "\n"} first, then echoes. */
  static TestBackend greeter(String name) throws IOException {
    return new TestBackend(name, true);
  }

  String name() {
    return name;
  }

  int port() {
    return server.getLocalPort();
  }

  int accepted() {
    return accepted.get();
  }

  /** Connections not yet closed on this side. */
  int open() {
    return open.size();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        accepted.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "test-backend-" + name + "-conn");
        threads.add(t);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      if (greets) {
        out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      byte[] buf = new byte[16 * 1024];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
      }
      s.shutdownOutput();
    } catch (IOException e) {
      // A reset from the balancer ends the connection like an EOF would.
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    try {
      acceptor.join(5_000);
      for (Thread t : threads) {
        t.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
