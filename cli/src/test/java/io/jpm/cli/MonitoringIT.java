package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.PrometheusText;
import io.jpm.agent.testing.PrometheusText.Sample;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.PythonTools;
import io.jpm.cli.testing.StreamingCommand;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Monitoring with the built `jpm`, a real agent and a real app that grows on request: jlist's RSS,
 * /metrics in strict Prometheus text, `jpm metrics`, `jpm monit` without a terminal, and the Python
 * subscriber from examples/ (skipped when pyzmq, protobuf or protoc are missing).
 * PrometheusServerIT does the same with a real Prometheus server.
 */
class MonitoringIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final long MIB = 1024 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();
  // Holds 32 MiB more (touched, so resident) for every line it reads on stdin.
  static final String GROWS_ON_REQUEST =
      """
      import sys
      held = []
      print("ready", flush=True)
      for line in sys.stdin:
          held.append(bytes([len(held) + 1]) * (32 << 20))
          print("holding", len(held), flush=True)
      """;

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;

  @BeforeEach
  void homes() {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
  }

  @AfterEach
  void cleanUp() throws Exception {
    homes.close();
  }

  /** Starts the app "hog" and returns its pid once it runs. */
  static long startHog(DistRunner jpm, JpmHomes homes) throws Exception {
    Result r = jpm.jpm("start", "--name", "hog", "--", "python3", "-u", "-c", GROWS_ON_REQUEST);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode row = JpmHomes.jlist(jpm).get(0);
    homes.killGroupAfter(row.get("pid").asLong());
    return row.get("pid").asLong();
  }

  static long memory(DistRunner jpm) throws Exception {
    return JpmHomes.jlist(jpm).get(0).get("memory").asLong();
  }

  static String metricsUrl(DistRunner jpm) throws Exception {
    Result r = jpm.jpm("ping", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out()).get("endpoints").get("metrics").asText();
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  private void grow() throws Exception {
    Result r = jpm.jpm("send", "hog", "grow");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void jlist_appAllocating_showsRisingRss() throws Exception {
    startHog(jpm, homes);
    long before = Await.value("a first RSS sample", WAIT, () -> positive(memoryQuietly()));

    grow();
    long once = Await.value("RSS 24 MiB up", WAIT, () -> above(memoryQuietly(), before + 24 * MIB));
    grow();
    long twice = Await.value("RSS 48 MiB up", WAIT, () -> above(memoryQuietly(), once + 24 * MIB));

    assertThat(twice).isGreaterThan(once).isGreaterThan(before);
  }

  @Test
  void metricsUrl_fromPing_servesStrictTextWithTheAppsSeries() throws Exception {
    startHog(jpm, homes);
    String url = metricsUrl(jpm);
    grow();

    assertThat(url).startsWith("http://127.0.0.1:").endsWith("/metrics");
    Await.until(
        "hog's memory above 24 MiB on " + url,
        WAIT,
        () -> hogValue(scrapeQuietly(url), "jpm_process_memory_bytes") > 24 * MIB);
    List<Sample> samples = PrometheusText.parse(get(url));
    assertThat(hogValue(samples, "jpm_process_up")).isEqualTo(1.0);
    assertThat(hogValue(samples, "jpm_process_restarts_total")).isZero();
    assertThat(samples).extracting(Sample::name).contains("process_resident_memory_bytes");
  }

  @Test
  void metricsCommand_json_streamsTheAppsSamples() throws Exception {
    startHog(jpm, homes);

    try (StreamingCommand metrics =
        StreamingCommand.start(
            jpm.command(
                DistRunner.DIST.resolve("bin/jpm"), Map.of(), "metrics", "--json", "hog"))) {
      String line = metrics.awaitLine("a sample of hog", WAIT, l -> l.contains("\"name\":\"hog\""));
      JsonNode sample = JSON.readTree(line);
      assertThat(sample.get("type").asText()).isEqualTo("metrics");
      assertThat(sample.get("status").asText()).isEqualTo("online");
      assertThat(sample.get("memory").asLong()).isPositive();
      metrics.awaitLine("a second sample", WAIT, l -> metrics.lines().size() >= 2);
      assertThat(metrics.lines()).allMatch(l -> l.contains("\"name\":\"hog\""));
    }
  }

  @Test
  void monit_notATerminal_printsATablePerIntervalWithTheApp() throws Exception {
    startHog(jpm, homes);

    try (StreamingCommand monit =
        StreamingCommand.start(
            jpm.command(
                DistRunner.DIST.resolve("bin/jpm"), Map.of(), "monit", "--interval", "200ms"))) {
      monit.awaitLine(
          "three tables",
          WAIT,
          l -> monit.lines().stream().filter(x -> x.startsWith("jpm monit")).count() >= 3);
      assertThat(monit.lines()).noneMatch(l -> l.contains("\033"));
      assertThat(monit.lines()).anyMatch(l -> l.contains("hog") && l.contains("online"));
    }
  }

  @Test
  void pythonSubscriber_runningAgent_decodesTheAppsMetrics() throws Exception {
    String python = PythonTools.withZmqAndProtobuf();
    assumeTrue(
        python != null,
        "skipped: no python3 with pyzmq and protobuf (Debian: python3-zmq python3-protobuf)");
    assumeTrue(PythonTools.onPath("protoc"), "skipped: no protoc (Debian: protobuf-compiler)");
    startHog(jpm, homes);
    ProcessBuilder subscriber =
        jpm.command(
            Path.of(python),
            Map.of(),
            PythonTools.SUBSCRIBER.toString(),
            "--jpm",
            DistRunner.DIST.resolve("bin/jpm").toString(),
            "--app",
            "hog",
            "--count",
            "2");

    try (StreamingCommand sub = StreamingCommand.start(subscriber)) {
      assertThat(sub.awaitExit(WAIT)).as(sub.stderr()).isZero();
      assertThat(sub.lines()).hasSize(2);
      assertThat(sub.lines())
          .allSatisfy(l -> assertThat(l).contains(" hog#0 (id 0) running pid ", " mem "));
    }
  }

  private long memoryQuietly() {
    try {
      return memory(jpm);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Long positive(long v) {
    return v > 0 ? v : null;
  }

  private static Long above(long v, long floor) {
    return v > floor ? v : null;
  }

  static List<Sample> scrapeQuietly(String url) {
    try {
      return PrometheusText.parse(get(url));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static double hogValue(List<Sample> samples, String name) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && "hog".equals(s.labels().get("app")))
        .mapToDouble(Sample::value)
        .findFirst()
        .orElse(-1);
  }
}
