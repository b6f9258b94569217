package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.SpawnedProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's acceptance test: two instances of a python3 HTTP server (HTTP/1.0, or HTTP/1.1
 * keep-alive and graceful on SIGTERM) behind the agent's port, wrk loading it on loopback while
 * `jpm reload` runs three times: no failed request and no socket error of any kind, and every
 * reload replaced both processes.
 */
class ReloadUnderLoadIT {
  /** Answers GET with 200 and its pid; one thread per connection; HTTP/1.0 (one request each). */
  private static final String SERVER =
      """
      import http.server, os
      class Answer(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              body = str(os.getpid()).encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      http.server.ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Answer).serve_forever()
      """;

  /**
   * The same answer over HTTP/1.1 keep-alive, and graceful on SIGTERM: it stops accepting, gives
   * every connection's next answer "Connection: close" (the client reconnects, through the port, to
   * an instance still in rotation), and exits once those are closed.
   */
  private static final String KEEP_ALIVE_SERVER =
      """
      import http.server, os, signal, threading
      stopping = threading.Event()
      class Answer(http.server.BaseHTTPRequestHandler):
          protocol_version = "HTTP/1.1"
          def do_GET(self):
              body = str(os.getpid()).encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              if stopping.is_set():
                  self.send_header("Connection", "close")
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class Server(http.server.ThreadingHTTPServer):
          daemon_threads = False  # server_close() waits for the open connections
      server = Server(("127.0.0.1", int(os.environ["PORT"])), Answer)
      def stop(*args):
          stopping.set()
          threading.Thread(target=server.shutdown).start()
      signal.signal(signal.SIGTERM, stop)
      server.serve_forever()
      server.server_close()
      """;

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;
  private final SpawnedProcesses spawned = new SpawnedProcesses();

  @BeforeEach
  void setUp() {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      spawned.close();
      jpm.jpm("kill");
    } finally {
      homes.close();
    }
  }

  @Test
  void reloadThreeTimesUnderWrk_noFailedRequestAndNoSocketError() throws Exception {
    reloadThreeTimesUnderWrk(SERVER);
  }

  @Test
  void reloadThreeTimesUnderWrk_keepAliveGracefulServer_noFailedRequestAndNoSocketError()
      throws Exception {
    reloadThreeTimesUnderWrk(KEEP_ALIVE_SERVER);
  }

  private void reloadThreeTimesUnderWrk(String source) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/wrk")), "wrk is not installed (apt-get wrk)");
    Path server = Files.writeString(tmp.resolve("server.py"), source);
    int port = freePort();
    Result start =
        jpm.jpm(
            "start",
            server.toString(),
            "--name",
            "web",
            "-i",
            "2",
            "--port",
            Integer.toString(port),
            "--ready",
            "http:/",
            "--kill-timeout",
            "5s");
    assertThat(start.exitCode()).as(start.err()).isZero();
    Set<Long> before = pids();
    Path report = tmp.resolve("wrk.out");
    Process wrk =
        spawned.track(
            new ProcessBuilder("wrk", "-t1", "-c8", "-d120s", "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true)
                .redirectOutput(report.toFile())
                .start());

    for (int i = 0; i < 3; i++) {
      Result reload = jpm.jpm("reload", "web");
      assertThat(reload.exitCode()).as(reload.out() + reload.err()).isZero();
    }
    // wrk prints its totals when interrupted.
    new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
    assertThat(wrk.waitFor(30, TimeUnit.SECONDS)).as("wrk stops on SIGINT").isTrue();

    Set<Long> after = pids();
    assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
    String totals = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(totals).doesNotContain("Socket errors").doesNotContain("Non-2xx");
    Matcher requests = Pattern.compile("(\\d+) requests in").matcher(totals);
    assertThat(requests.find()).as(totals).isTrue();
    assertThat(Long.parseLong(requests.group(1))).as("requests served").isGreaterThan(100);
  }

  private Set<Long> pids() throws Exception {
    Set<Long> pids = new HashSet<>();
    for (JsonNode row : new ObjectMapper().readTree(jpm.jpm("jlist").out())) {
      pids.add(row.get("pid").asLong());
    }
    return pids;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
