package io.jpm.agent.readiness;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;

/**
 * One attempt of the checks that talk to an instance's private port on the loopback interface. Each
 * returns null when the check passed, else why not (for `describe` and error messages).
 */
final class PortChecks {
  private static final int CONNECT_TIMEOUT_MS = 500;
  private static final int READ_TIMEOUT_MS = 2000;
  private static final int BODY_LIMIT = 64 * 1024;

  private PortChecks() {}

  /** Does the port accept a TCP connection? */
  static String tcp(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
      return null;
    } catch (IOException e) {
      return "tcp 127.0.0.1:" + port + ": " + e.getMessage();
    }
  }

  /** Does a GET of {@code path} on the port answer 2xx? Never through a proxy; no redirects. */
  static String http(int port, String path) {
    String what = "http GET 127.0.0.1:" + port + path;
    HttpURLConnection c = null;
    try {
      c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + path).toURL().openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("User-Agent", "jpm-readiness");
      c.setRequestProperty("Connection", "close");
      int code = c.getResponseCode();
      try (InputStream body = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
        if (body != null) {
          body.readNBytes(BODY_LIMIT);
        }
      }
      return code / 100 == 2 ? null : what + ": answered " + code;
    } catch (IOException | IllegalArgumentException e) {
      return what + ": " + e.getMessage();
    } finally {
      if (c != null) {
        c.disconnect();
      }
    }
  }
}
