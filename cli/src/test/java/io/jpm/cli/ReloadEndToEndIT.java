package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `jpm` with a real agent and a python3 HTTP server on $PORT: `start --port --ready`
 * waits for readiness and jlist shows the port; `reload --env` changes every pid and applies the
 * env; a replacement that never listens fails the reload (exit 1, with why) and the old processes
 * go on serving; an app without a check is restarted and jpm says so; a start that never becomes
 * ready exits 1 with why.
 */
class ReloadEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Listens on 127.0.0.1:$PORT (never, with HANG set), answering GET with "$VERSION $PID". */
  private static final String SERVER =
      """
      import http.server, os, time
      while os.environ.get("HANG"):
          time.sleep(1)
      class Answer(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              body = (os.environ.get("VERSION", "") + " " + str(os.getpid())).encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      server = http.server.HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Answer)
      with open(os.path.join(os.environ["OUT"], "port.%d" % os.getpid()), "w") as f:
          f.write(os.environ["PORT"])
      server.serve_forever()
      """;

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;
  private Path out;
  private Path server;

  @BeforeEach
  void setUp() throws IOException {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
    out = Files.createDirectories(tmp.resolve("out"));
    server = Files.writeString(tmp.resolve("server.py"), SERVER);
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      jpm.jpm("kill");
    } finally {
      homes.close();
    }
  }

  private Result ok(String... args) throws Exception {
    Result r = jpm.jpm(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  /** The pids of the app's instances, online ones only; each group is killed after the test. */
  private List<Long> onlinePids() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (JsonNode row : JpmHomes.jlist(jpm)) {
      if (!row.get("pid").isNull()) {
        homes.killGroupAfter(row.get("pid").asLong());
        if (row.get("status").asText().equals("online")) {
          pids.add(row.get("pid").asLong());
        }
      }
    }
    return pids;
  }

  /** What the process with this pid answers on its private port. */
  private String get(long pid) throws IOException {
    Path portFile = out.resolve("port." + pid);
    Await.until("port file of " + pid, WAIT, () -> Files.exists(portFile));
    String port = Files.readString(portFile).trim();
    HttpURLConnection c =
        (HttpURLConnection)
            URI.create("http://127.0.0.1:" + port + "/").toURL().openConnection(Proxy.NO_PROXY);
    try (InputStream in = c.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void startWithPortAndReady_thenReload_newPidsNewEnvThenAFailedReloadKeepsTheOldOnes()
      throws Exception {
    int port = freePort();
    ok(
        "start",
        server.toString(),
        "--name",
        "web",
        "-i",
        "2",
        "--interpreter",
        "python3",
        "--port",
        Integer.toString(port),
        "--ready",
        "http:/",
        "--listen-timeout",
        "5s",
        "--env",
        "OUT=" + out,
        "--env",
        "VERSION=1");
    List<Long> first = onlinePids();
    assertThat(first).hasSize(2);
    for (JsonNode row : JpmHomes.jlist(jpm)) {
      assertThat(row.get("port").asInt()).isEqualTo(port);
    }
    for (long pid : first) {
      assertThat(get(pid)).isEqualTo("1 " + pid);
    }

    Result reloaded = ok("reload", "web", "--env", "VERSION=2");

    assertThat(reloaded.err()).doesNotContain("restarted instead");
    List<Long> second = onlinePids();
    assertThat(second).hasSize(2).doesNotContainAnyElementsOf(first);
    for (long pid : second) {
      assertThat(get(pid)).isEqualTo("2 " + pid);
    }

    Result failed = jpm.jpm("reload", "web", "--env", "HANG=1");

    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .contains("the replacement (pid ")
        .contains("not ready within 5s (listen_timeout)")
        .contains("goes on serving");
    assertThat(onlinePids()).containsExactlyElementsOf(second);
    for (long pid : second) {
      assertThat(get(pid)).isEqualTo("2 " + pid);
    }
  }

  @Test
  void reload_appWithoutCheck_restartsAndSaysSo() throws Exception {
    ok("start", "--name", "plain", "--", "sleep", "300");
    List<Long> before = onlinePids();

    Result r = ok("reload", "plain");

    assertThat(r.err()).contains("app 'plain' has no readiness check").contains("restarted");
    assertThat(onlinePids()).hasSize(1).doesNotContainAnyElementsOf(before);
  }

  @Test
  void start_neverReady_exits1WithTheReason() throws Exception {
    Result r =
        jpm.jpm(
            "start",
            server.toString(),
            "--name",
            "hang",
            "--interpreter",
            "python3",
            "--ready",
            "tcp",
            "--listen-timeout",
            "1s",
            "--env",
            "HANG=1",
            "--env",
            "OUT=" + out);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains("app 'hang' instance 0")
        .contains("not ready within 1s (listen_timeout)")
        .contains("Connection refused");
    onlinePids();
  }
}
