package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.launch.OsProcessLauncher;
import io.jpm.agent.metrics.ProcfsSampler;
import io.jpm.agent.monitoring.MetricsAddress;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.PrometheusText;
import io.jpm.agent.testing.PrometheusText.Sample;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.testing.TestProcesses;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.DeleteRequest;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A real agent with real processes: /metrics in strict Prometheus text, and metrics.* samples. */
class AgentMetricsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Duration INTERVAL = Duration.ofMillis(200);
  private static final long MIB = 1024 * 1024;
  // The shell keeps 40 MiB in a variable; sleep is a second member of its process group.
  private static final String HOLDS_40_MIB =
      "x=$(head -c 41943040 /dev/zero | tr '\\0' a); echo holding; sleep 300";

  @TempDir Path tmp;
  private final ZContext ctx = new ZContext(1);
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestProcesses processes = new TestProcesses();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    processes.killAll();
    ctx.close();
  }

  private Agent start(String name, Optional<MetricsAddress> address) throws IOException {
    AgentPaths paths = new AgentPaths(tmp.resolve(name));
    OsProcessLauncher launcher = new OsProcessLauncher(paths.logDir(), paths.runDir());
    ProcfsSampler sampler = new ProcfsSampler(INTERVAL);
    sampler.start();
    toClose.add(launcher);
    toClose.add(sampler);
    Agent agent =
        Agent.start(
            AgentConfig.defaults(paths, "metrics-host").withMetrics(INTERVAL, address),
            launcher,
            sampler);
    toClose.add(agent);
    return agent;
  }

  private Agent start(String name) throws IOException {
    return start(name, Optional.of(MetricsAddress.DEFAULT));
  }

  private List<ProcessInfo> call(Agent agent, Request.Builder request) {
    try (TestControlClient client = TestControlClient.req(ctx, agent.controlEndpoints().get(0))) {
      List<ProcessInfo> rows = client.call(request.build()).getProcesses().getProcessesList();
      rows.stream().filter(ProcessInfo::hasPid).forEach(p -> processes.register(p.getPid()));
      return rows;
    }
  }

  private void startApp(Agent agent, TestApp app) {
    call(
        agent,
        TestControlClient.request()
            .setStart(StartRequest.newBuilder().addApps(AgentProtos.toProto(app.build()))));
  }

  private HttpResponse<String> get(String url, String method) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(WAIT)
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private List<Sample> scrape(Agent agent) {
    try {
      HttpResponse<String> r = get(agent.identity().metricsUrl(), "GET");
      assertThat(r.statusCode()).isEqualTo(200);
      return PrometheusText.parse(r.body());
    } catch (Exception e) {
      throw new AssertionError("scraping " + agent.identity().metricsUrl(), e);
    }
  }

  private static Optional<Double> value(List<Sample> samples, String name, String app) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && app.equals(s.labels().get("app")))
        .map(Sample::value)
        .findFirst();
  }

  @Test
  void metrics_appHoldingMemory_servesStrictTextWithTheAppsAndTheAgentsSeries() throws Exception {
    Agent agent = start("a");
    startApp(agent, TestApp.named("hog").shell(HOLDS_40_MIB));

    Await.until(
        "hog's memory above 30 MiB on /metrics",
        WAIT,
        () -> value(scrape(agent), "jpm_process_memory_bytes", "hog").orElse(0.0) > 30 * MIB);

    HttpResponse<String> r = get(agent.identity().metricsUrl(), "GET");
    assertThat(r.headers().firstValue("Content-Type"))
        .contains("text/plain; version=0.0.4; charset=utf-8");
    List<Sample> samples = PrometheusText.parse(r.body());
    assertThat(value(samples, "jpm_process_up", "hog")).contains(1.0);
    assertThat(samples)
        .filteredOn(s -> "hog".equals(s.labels().get("app")))
        .allSatisfy(
            s ->
                assertThat(s.labels())
                    .containsEntry("instance", "0")
                    .containsEntry("namespace", "default"));
    assertThat(samples)
        .filteredOn(s -> s.name().equals("process_resident_memory_bytes"))
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isGreaterThan(10.0 * MIB));
    assertThat(samples)
        .extracting(Sample::name)
        .contains("jvm_memory_used_bytes", "jvm_threads_live_threads");
  }

  @Test
  void metrics_otherPathOrMethod_is404Or405() throws Exception {
    Agent agent = start("a");
    String url = agent.identity().metricsUrl();

    assertThat(get(url.replace("/metrics", "/other"), "GET").statusCode()).isEqualTo(404);
    assertThat(get(url + "x", "GET").statusCode()).isEqualTo(404);
    assertThat(get(url, "POST").statusCode()).isEqualTo(405);
    assertThat(get(url, "HEAD").statusCode()).isEqualTo(200);
  }

  @Test
  void delete_app_removesItsSeries() throws Exception {
    Agent agent = start("a");
    startApp(agent, TestApp.named("gone"));
    startApp(agent, TestApp.named("stays"));
    Await.until(
        "gone's series", WAIT, () -> value(scrape(agent), "jpm_process_up", "gone").isPresent());

    call(
        agent,
        TestControlClient.request().setDelete(DeleteRequest.newBuilder().addTargets("gone")));

    Await.until(
        "gone's series removed",
        WAIT,
        () -> scrape(agent).stream().noneMatch(s -> "gone".equals(s.labels().get("app"))));
    assertThat(value(scrape(agent), "jpm_process_up", "stays")).contains(1.0);
  }

  @Test
  void subscriber_metricsTopicOfOneApp_getsThatAppsSamplesInSeqOrder() throws Exception {
    Agent agent = start("a");
    ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
    sub.setReceiveTimeOut((int) WAIT.toMillis());
    sub.setHandshakeIvl(250);
    sub.subscribe("metrics.hog.".getBytes(StandardCharsets.US_ASCII));
    sub.connect(agent.eventsEndpoint());
    startApp(agent, TestApp.named("hog").shell(HOLDS_40_MIB));
    startApp(agent, TestApp.named("hog2"));

    List<Event> events = new ArrayList<>();
    Metrics last;
    do {
      byte[] topic = sub.recv();
      assertThat(topic).as("a metrics sample within " + WAIT).isNotNull();
      assertThat(new String(topic, StandardCharsets.US_ASCII)).isEqualTo("metrics.hog.0");
      Event e = Event.parseFrom(sub.recv());
      events.add(e);
      last = e.getMetrics();
    } while (last.getMemoryBytes() < 30 * MIB || events.size() < 3);

    assertThat(events).allSatisfy(e -> assertThat(e.getHost()).isEqualTo("metrics-host"));
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getRunId()).isEqualTo(agent.identity().runId()));
    assertThat(last.getApp()).isEqualTo("hog");
    assertThat(last.getNamespace()).isEqualTo("default");
    assertThat(last.hasPid()).isTrue();
    assertThat(last.getState()).isEqualTo(io.jpm.messages.v1.ProcessState.PROCESS_STATE_RUNNING);
    assertThat(last.getUptimeMs()).isPositive();
    // hog2's samples take seq numbers too (one stream per agent), so only order is certain.
    assertThat(events).extracting(Event::getSeq).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void metricsAddress_off_servesNothingAndPingHasNoUrl() throws Exception {
    Agent agent = start("a", Optional.empty());

    assertThat(agent.identity().metricsUrl()).isEmpty();
    try (TestControlClient client = TestControlClient.req(ctx, agent.controlEndpoints().get(0))) {
      assertThat(client.ping().getPing().getMetricsUrl()).isEmpty();
    }
  }

  @Test
  void metricsAddress_portTaken_agentStillStartsWithoutMetrics() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Agent agent = start("a", Optional.of(new MetricsAddress("127.0.0.1", taken.getLocalPort())));

      assertThat(agent.identity().metricsUrl()).isEmpty();
      assertThat(call(agent, TestControlClient.request().setList(ListRequest.getDefaultInstance())))
          .isEmpty();
    }
  }

  @Test
  void twoAgents_defaultAddress_serveOnDifferentPortsAndPingSaysWhich() throws Exception {
    Agent a = start("a");
    Agent b = start("b");

    assertThat(a.identity().metricsUrl()).startsWith("http://127.0.0.1:").endsWith("/metrics");
    assertThat(b.identity().metricsUrl()).isNotEqualTo(a.identity().metricsUrl());
    try (TestControlClient client = TestControlClient.req(ctx, b.controlEndpoints().get(0))) {
      assertThat(client.ping().getPing().getMetricsUrl()).isEqualTo(b.identity().metricsUrl());
    }
    assertThat(scrape(a)).isNotEmpty();
    assertThat(scrape(b)).isNotEmpty();
  }
}
