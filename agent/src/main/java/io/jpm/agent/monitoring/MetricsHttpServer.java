package io.jpm.agent.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves {@code GET /metrics} in the Prometheus text format (version 0.0.4) with the JDK's HTTP
 * server; every other path is 404 and every other method 405.
 *
 * <p>One daemon thread answers requests one at a time (a scrape costs a few milliseconds), so
 * scrapers cannot make the agent start threads; the JDK's dispatcher thread only accepts and reads.
 */
public final class MetricsHttpServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(MetricsHttpServer.class.getName());

  /** The content type of the Prometheus text format that {@code scrape()} writes. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService handler;

  private MetricsHttpServer(HttpServer server, ExecutorService handler) {
    this.server = server;
    this.handler = handler;
  }

  /**
   * Binds {@code address} and starts serving {@code scrape}'s text.
   *
   * @throws IOException when the host does not resolve or the port cannot be bound (in use, or
   *     privileged)
   */
  public static MetricsHttpServer start(MetricsAddress address, Supplier<String> scrape)
      throws IOException {
    InetSocketAddress bindTo = new InetSocketAddress(address.host(), address.port());
    if (bindTo.isUnresolved()) {
      throw new IOException("cannot resolve the metrics host '" + address.host() + "'");
    }
    HttpServer server;
    try {
      server = HttpServer.create(bindTo, 16);
    } catch (IOException e) {
      throw new IOException("cannot serve metrics on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService handler =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jpm-metrics-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(handler);
    server.createContext("/metrics", exchange -> answer(exchange, scrape));
    server.start();
    return new MetricsHttpServer(server, handler);
  }

  /** The URL a scraper uses, e.g. {@code http://127.0.0.1:40123/metrics} (actual port). */
  public String url() {
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().getHostAddress();
    if (bound.getAddress() instanceof Inet6Address) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + bound.getPort() + "/metrics";
  }

  private static void answer(HttpExchange exchange, Supplier<String> scrape) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body;
      try {
        body = scrape.get().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "metrics scrape failed", e);
        exchange.sendResponseHeaders(500, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops serving at once and frees the port. */
  @Override
  public void close() {
    server.stop(0);
    handler.shutdownNow();
  }
}
