package io.jpm.agent.balancer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Blocking client sockets for balancer tests; every read has a timeout so a bug cannot hang. */
final class TestClients {
  private static final int READ_TIMEOUT_MS = 30_000;

  private TestClients() {}

  /** Connects to the balancer's port (on loopback when it listens on the wildcard address). */
  static Socket connect(BalancedPort port) throws IOException {
    Socket s = new Socket();
    s.connect(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port.address().getPort()),
        READ_TIMEOUT_MS);
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  /** Reads one line (without its newline). */
  static String line(Socket s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      out.write(b);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes {@code text} and reads back as many bytes. */
  static String exchange(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(bytes);
    return new String(s.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
  }

  /** Reads everything until the peer ends the stream. */
  static String readToEnd(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** True when the peer ended the connection: end of stream or a reset, not a timeout. */
  static boolean endedByPeer(Socket s) throws IOException {
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketException e) {
      return true; // "Connection reset"
    }
  }

  /**
   * Connects and reports whether the balancer ended the connection without an answer; a reset may
   * arrive while the client is still completing its connect, which counts too.
   */
  static boolean endedWithoutAnswer(BalancedPort port) throws IOException {
    Socket s;
    try {
      s = connect(port);
    } catch (SocketException e) {
      return true;
    }
    try (s) {
      return endedByPeer(s);
    }
  }
}
