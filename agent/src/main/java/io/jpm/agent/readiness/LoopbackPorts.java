package io.jpm.agent.readiness;

import io.jpm.agent.supervision.PortAllocator;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;

/**
 * Finds free private ports the usual way: binds port 0 on the loopback interface, reads the port
 * the kernel chose and closes the socket, so the instance can bind it a moment later. The ports
 * handed out last are not handed out again at once, in case the kernel offers one twice before its
 * process has bound it.
 */
public final class LoopbackPorts implements PortAllocator {
  private static final int REMEMBERED = 64;
  private static final int ATTEMPTS = 10;

  private final ArrayDeque<Integer> recent = new ArrayDeque<>();

  @Override
  public synchronized int allocate() throws IOException {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      if (!recent.contains(port)) {
        if (recent.size() == REMEMBERED) {
          recent.removeFirst();
        }
        recent.addLast(port);
        return port;
      }
    }
    throw new IOException("the kernel offered only recently given ports");
  }
}
