package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jpm scale` down behind the port: the removed instance leaves the rotation and is signalled, its
 * open connection is still served to the end (the server is graceful), and scale waits for it.
 */
class ScaleDownIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /**
   * GET / answers with its pid; GET /slow first leaves a mark "slow-PID" in $MARKS, then waits for
   * the file "release" there before answering the same way. On SIGTERM it stops accepting, answers
   * the requests in flight and exits, as graceful servers do (jpm signals a removed instance as
   * soon as it leaves rotation).
   */
  private static final String SERVER =
      """
      import http.server, os, signal, threading, time
      marks = os.environ["MARKS"]
      class Answer(http.server.BaseHTTPRequestHandler):
          def do_GET(self):
              if self.path == "/slow":
                  open(os.path.join(marks, "slow-%d" % os.getpid()), "w").close()
                  while not os.path.exists(os.path.join(marks, "release")):
                      time.sleep(0.05)
              body = str(os.getpid()).encode()
              self.send_response(200)
              self.send_header("Content-Length", str(len(body)))
              self.end_headers()
              self.wfile.write(body)
          def log_message(self, *args):
              pass
      class Server(http.server.ThreadingHTTPServer):
          daemon_threads = False  # server_close() waits for the requests in flight
      server = Server(("127.0.0.1", int(os.environ["PORT"])), Answer)
      signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=server.shutdown).start())
      server.serve_forever()
      server.server_close()
      """;

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;

  @BeforeEach
  void setUp() {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      jpm.jpm("kill");
    } finally {
      homes.close();
    }
  }

  @Test
  void scaleDown_openConnectionOnTheRemovedInstance_isServedToTheEndBeforeItExits()
      throws Exception {
    Path marks = Files.createDirectories(tmp.resolve("marks"));
    Path server = Files.writeString(tmp.resolve("server.py"), SERVER);
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
            "30s",
            "--env",
            "MARKS=" + marks);
    assertThat(start.exitCode()).as(start.err()).isZero();
    List<Long> pids = pidsByInstance();
    pids.forEach(homes::killGroupAfter);
    long removed = pids.get(1);
    // Round-robin: two connections in a row land one on each instance.
    List<CompletableFuture<String>> slow = List.of(get(port, "/slow"), get(port, "/slow"));
    Await.until(
        "a slow request open on each instance",
        WAIT,
        () -> pids.stream().allMatch(p -> Files.exists(marks.resolve("slow-" + p))));

    CompletableFuture<Result> scale = CompletableFuture.supplyAsync(this::scaleToOne);
    Await.until(
        "new connections go to instance 0 only",
        WAIT,
        () -> {
          for (int i = 0; i < 4; i++) {
            if (!bodyOrNothing(get(port, "/")).equals(Long.toString(pids.get(0)))) {
              return false;
            }
          }
          return true;
        });
    assertThat(JpmHomes.gone(removed)).as("still serving its open connection").isFalse();
    assertThat(scale).as("scale waits for the drain").isNotDone();
    Files.createFile(marks.resolve("release"));

    List<String> answers = new ArrayList<>();
    for (CompletableFuture<String> s : slow) {
      answers.add(answer(s));
    }
    assertThat(answers).containsExactlyInAnyOrder(Long.toString(pids.get(0)), "" + removed);
    Result scaled = scale.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(scaled.exitCode()).as(scaled.err()).isZero();
    Await.until("the removed instance stopped", WAIT, () -> JpmHomes.gone(removed));
    assertThat(pidsByInstance()).containsExactly(pids.get(0));
  }

  private Result scaleToOne() {
    try {
      return jpm.jpm("scale", "web", "1");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pids of the running instances, by instance index. */
  private List<Long> pidsByInstance() throws Exception {
    List<Long> pids = new ArrayList<>();
    for (JsonNode row : JpmHomes.jlist(jpm)) {
      pids.add(row.get("pid").asLong());
    }
    return pids;
  }

  /** The body of a 200 answer; fails on anything else. */
  private static String answer(CompletableFuture<String> response) throws Exception {
    String text = response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(text).startsWith("HTTP/1.0 200");
    return text.substring(text.indexOf("\r\n\r\n") + 4);
  }

  /** The body of a 200 answer, or "" for anything else. */
  private static String bodyOrNothing(CompletableFuture<String> response) {
    String text = response.join();
    return text.startsWith("HTTP/1.0 200") ? text.substring(text.indexOf("\r\n\r\n") + 4) : "";
  }

  /** An HTTP/1.0 GET through the port, read to the end on another thread. */
  private static CompletableFuture<String> get(int port, String path) {
    Socket socket;
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return CompletableFuture.supplyAsync(
        () -> {
          try (socket;
              InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "failed: " + e;
          }
        },
        runnable -> new Thread(runnable, "scale-down-it-get").start());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
