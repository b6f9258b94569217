package io.jpm.agent.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.ReadinessProbe;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.Scheduler;
import io.jpm.agent.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real probes against real loopback sockets, an HTTP server and fed output lines. */
class ReadinessProbesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final ReadinessProbes probes = new ReadinessProbes();
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    probes.close();
  }

  private final ReadinessProbe.Listener listener =
      new ReadinessProbe.Listener() {
        @Override
        public void ready() {
          reports.add("ready");
        }

        @Override
        public void notYet(String reason) {
          reports.add("not yet: " + reason);
        }
      };

  private Scheduler.Cancellable probe(int port, String check) {
    return probes.start(
        new ReadinessProbe.Target("web", 3, 0, 4242, port, ReadyCheck.parse(check)), listener);
  }

  @Test
  void tcp_portNotListeningThenListening_notYetThenReady() throws IOException {
    int port = new LoopbackPorts().allocate();
    probe(port, "tcp");
    Await.until("a refusal", WAIT, () -> !reports.isEmpty());
    assertThat(reports.get(0)).startsWith("not yet: tcp 127.0.0.1:" + port + ": ");

    try (ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
      Await.until("ready on " + server.getLocalPort(), WAIT, () -> reports.contains("ready"));
    }
    assertThat(reports).filteredOn(r -> r.startsWith("not yet")).hasSize(1);
  }

  @Test
  void http_503ThenOk_readyOnlyOn2xx() throws IOException {
    AtomicInteger status = new AtomicInteger(503);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          byte[] body = "x".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(status.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      probe(server.getAddress().getPort(), "http:/health");
      Await.until("a 503", WAIT, () -> reports.stream().anyMatch(r -> r.endsWith("answered 503")));
      assertThat(reports).doesNotContain("ready");

      status.set(204);

      Await.until("ready", WAIT, () -> reports.contains("ready"));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void log_onlyAMatchingStdoutLineOfThatInstance_makesItReady() {
    probe(0, "log:listening on \\d+");
    assertThat(reports)
        .containsExactly("not yet: no stdout line has matched /listening on \\d+/ yet");

    probes.line(new CapturedLine("web", 3, 0, LogStream.ERR, "listening on 80", false));
    probes.line(new CapturedLine("web", 4, 1, LogStream.OUT, "listening on 80", false));
    probes.line(new CapturedLine("web", 3, 0, LogStream.OUT, "starting", false));
    assertThat(reports).doesNotContain("ready");

    probes.line(new CapturedLine("web", 3, 0, LogStream.OUT, "now listening on 8080", false));
    probes.line(new CapturedLine("web", 3, 0, LogStream.OUT, "listening on 8081", false));

    assertThat(reports).filteredOn("ready"::equals).hasSize(1);
  }

  @Test
  void loopbackPorts_handOutDistinctBindablePorts() throws IOException {
    LoopbackPorts ports = new LoopbackPorts();
    int a = ports.allocate();
    int b = ports.allocate();

    assertThat(a).isNotEqualTo(b).isPositive();
    try (ServerSocket s = new ServerSocket(a, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(a);
    }
  }
}
