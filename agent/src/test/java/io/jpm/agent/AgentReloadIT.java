package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.launch.OsProcessLauncher;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.testing.TestProcesses;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A real agent with real processes (a small python3 HTTP server on $PORT): readiness gating with
 * `ready http:/`, and reload (new pids, new env, every instance online throughout; a replacement
 * that never listens fails the reload and the old processes go on serving).
 */
class AgentReloadIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long POLL_NANOS = 10_000_000;

  /**
   * Waits for the file GO when it is set, then listens on 127.0.0.1:$PORT (never, with HANG set),
   * records its port in OUT/port.PID, and answers every GET with "$VERSION $PID".
   */
  private static final String SERVER =
      """
      import http.server, os, time
      go = os.environ.get("GO")
      while go and not os.path.exists(go):
          time.sleep(0.05)
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

  @TempDir Path home;
  @TempDir Path work;
  private final TestProcesses processes = new TestProcesses();
  private final ZContext ctx = new ZContext(1);
  private OsProcessLauncher launcher;
  private AgentPaths paths;
  private Agent agent;
  private Path out;

  @BeforeEach
  void startAgent() throws IOException {
    paths = new AgentPaths(home);
    launcher = new OsProcessLauncher(paths.logDir(), paths.runDir());
    agent = Agent.start(AgentConfig.defaults(paths, "test-host"), launcher, UsageMeter.none());
    out = Files.createDirectories(work.resolve("out"));
    Files.writeString(work.resolve("server.py"), SERVER);
  }

  @AfterEach
  void stopAgent() throws Exception {
    try {
      agent.close();
    } finally {
      try (var files = Files.list(out)) {
        files
            .filter(f -> f.getFileName().toString().startsWith("port."))
            .forEach(f -> processes.register(pidOf(f)));
      }
      processes.killAll();
      launcher.close();
      ctx.close();
    }
  }

  private static long pidOf(Path portFile) {
    return Long.parseLong(portFile.getFileName().toString().substring("port.".length()));
  }

  private TestApp server(String name, Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("OUT", out.toString());
    return TestApp.named(name).cwd(work).env(all).killTimeout(Duration.ofSeconds(5));
  }

  private Reply call(Request.Builder r) {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      return client.call(r.build());
    }
  }

  private Reply start(TestApp app) {
    io.jpm.messages.v1.AppSpec spec =
        AgentProtos.toProto(app.build()).toBuilder()
            .clearCommand()
            .addAllCommand(List.of("python3", work.resolve("server.py").toString()))
            .build();
    return call(TestControlClient.request().setStart(StartRequest.newBuilder().addApps(spec)));
  }

  private List<ProcessInfo> list() {
    return call(TestControlClient.request().setList(ListRequest.getDefaultInstance()))
        .getProcesses()
        .getProcessesList();
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

  @Test
  void start_withHttpCheck_isOnlineOnlyOnceTheAppListens() throws Exception {
    Path go = work.resolve("go");
    CompletableFuture<Reply> started =
        CompletableFuture.supplyAsync(
            () ->
                start(
                    server("web", Map.of("GO", go.toString(), "VERSION", "1"))
                        .ready("http:/", Duration.ofSeconds(30))));

    Await.until(
        "a launching instance with a pid",
        WAIT,
        () ->
            list().stream()
                .anyMatch(p -> p.getState() == ProcessState.PROCESS_STATE_STARTING && p.hasPid()));
    long pid = list().get(0).getPid();
    processes.register(pid);
    assertThat(started).isNotDone();

    Files.writeString(go, "");

    Reply reply = started.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(reply.hasError()).as(reply.getError().getMessage()).isFalse();
    assertThat(reply.getProcesses().getProcesses(0).getState())
        .isEqualTo(ProcessState.PROCESS_STATE_RUNNING);
    assertThat(get(pid)).isEqualTo("1 " + pid);
  }

  @Test
  void reload_withEnv_replacesEveryInstanceKeepingThemOnline() throws Exception {
    Reply started = start(server("web", Map.of("VERSION", "1")).instances(2).ready("http:/", WAIT));
    assertThat(started.hasError()).as(started.getError().getMessage()).isFalse();
    List<Long> before = list().stream().map(ProcessInfo::getPid).toList();
    before.forEach(processes::register);
    AtomicBoolean reloading = new AtomicBoolean(true);
    AtomicLong fewestOnline = new AtomicLong(Long.MAX_VALUE);
    CompletableFuture<Void> watcher =
        CompletableFuture.runAsync(
            () -> {
              while (reloading.get()) {
                long online =
                    list().stream()
                        .filter(p -> p.getState() == ProcessState.PROCESS_STATE_RUNNING)
                        .count();
                fewestOnline.accumulateAndGet(online, Math::min);
                LockSupport.parkNanos(POLL_NANOS);
              }
            });

    Reply reloaded =
        call(
            TestControlClient.request()
                .setReload(
                    ReloadRequest.newBuilder().addTargets("web").putEnvUpdates("VERSION", "2")));
    reloading.set(false);
    watcher.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(reloaded.hasError()).as(reloaded.getError().getMessage()).isFalse();
    assertThat(reloaded.getReload().getRestartedAppsList()).isEmpty();
    List<ProcessInfo> after = list();
    assertThat(after).extracting(ProcessInfo::getId).containsExactly(0, 1);
    assertThat(after)
        .extracting(ProcessInfo::getState)
        .containsOnly(ProcessState.PROCESS_STATE_RUNNING);
    assertThat(after).extracting(ProcessInfo::getPid).doesNotContainAnyElementsOf(before);
    for (ProcessInfo p : after) {
      processes.register(p.getPid());
      assertThat(get(p.getPid())).isEqualTo("2 " + p.getPid());
    }
    assertThat(fewestOnline.get()).as("online instances during the reload").isEqualTo(2);
    for (long pid : before) {
      Await.until("old pid " + pid + " gone", WAIT, () -> TestProcesses.isDead(pid));
    }
  }

  @Test
  void reload_replacementNeverListens_failsWithWhyAndTheOldProcessesGoOnServing() throws Exception {
    Reply started =
        start(
            server("web", Map.of("VERSION", "1"))
                .instances(2)
                .ready("http:/", Duration.ofSeconds(2)));
    assertThat(started.hasError()).as(started.getError().getMessage()).isFalse();
    List<Long> before = list().stream().map(ProcessInfo::getPid).toList();
    before.forEach(processes::register);

    Reply reloaded =
        call(
            TestControlClient.request()
                .setReload(
                    ReloadRequest.newBuilder().addTargets("web").putEnvUpdates("HANG", "1")));

    assertThat(reloaded.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_START_FAILED);
    assertThat(reloaded.getError().getMessage())
        .contains("app 'web' instance 0 (id 0): the replacement (pid ")
        .contains("not ready within 2s (listen_timeout)")
        .contains("goes on serving");
    List<ProcessInfo> after = list();
    assertThat(after).extracting(ProcessInfo::getPid).containsExactlyElementsOf(before);
    assertThat(after)
        .extracting(ProcessInfo::getState)
        .containsOnly(ProcessState.PROCESS_STATE_RUNNING);
    for (long pid : before) {
      assertThat(get(pid)).isEqualTo("1 " + pid);
    }
  }
}
