package io.jpm.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.testing.PrometheusText;
import io.jpm.agent.testing.PrometheusText.Sample;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Names, tags, values and removal of the per-instance series, read back from a real scrape. */
class InstanceMetersTest {
  private static final Map<String, String> WEB_0 =
      Map.of("app", "web", "instance", "0", "namespace", "shop");

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final InstanceMeters meters = new InstanceMeters(registry);

  @AfterEach
  void close() {
    registry.close();
  }

  private static InstanceSnapshot snapshot(
      int id, String app, int index, ProcessState state, int restarts) {
    boolean running = state == ProcessState.RUNNING;
    return new InstanceSnapshot(
        id,
        app,
        "shop",
        index,
        running ? 4242 : 0,
        state,
        true,
        restarts,
        1,
        running ? 90_500 : 0,
        running ? 12.5 : 0,
        running ? 50L * 1024 * 1024 : 0,
        null,
        Instant.EPOCH);
  }

  private List<Sample> scrape() {
    return PrometheusText.parse(registry.scrape());
  }

  private double value(String name, Map<String, String> labels) {
    return scrape().stream()
        .filter(s -> s.name().equals(name) && s.labels().equals(labels))
        .map(Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + labels + " in " + scrape()));
  }

  @Test
  void update_runningInstance_exposesEverySeriesTaggedAppInstanceNamespace() {
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.RUNNING, 2)));

    assertThat(value("jpm_process_cpu_percent", WEB_0)).isEqualTo(12.5);
    assertThat(value("jpm_process_memory_bytes", WEB_0)).isEqualTo(50.0 * 1024 * 1024);
    assertThat(value("jpm_process_restarts_total", WEB_0)).isEqualTo(2);
    assertThat(value("jpm_process_unstable_restarts_total", WEB_0)).isEqualTo(1);
    assertThat(value("jpm_process_uptime_seconds", WEB_0)).isEqualTo(90.5);
    assertThat(value("jpm_process_up", WEB_0)).isEqualTo(1);
    Map<String, String> running = new java.util.HashMap<>(WEB_0);
    running.put("state", "running");
    assertThat(value("jpm_process_state", running)).isEqualTo(1);
    assertThat(scrape()).allSatisfy(s -> assertThat(s.labels()).containsAllEntriesOf(WEB_0));
  }

  @Test
  void update_typesInTheText_areCounterAndGauge() {
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.RUNNING, 0)));
    String text = registry.scrape();

    assertThat(PrometheusText.typeOf(text, "jpm_process_restarts_total")).contains("counter");
    assertThat(PrometheusText.typeOf(text, "jpm_process_memory_bytes")).contains("gauge");
    assertThat(PrometheusText.typeOf(text, "jpm_process_up")).contains("gauge");
  }

  @Test
  void update_newValues_areReadByTheNextScrape() {
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.RUNNING, 0)));
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.BACKOFF, 5)));

    assertThat(value("jpm_process_restarts_total", WEB_0)).isEqualTo(5);
    assertThat(value("jpm_process_up", WEB_0)).isZero();
    assertThat(value("jpm_process_memory_bytes", WEB_0)).isZero();
  }

  @Test
  void update_stateChanged_movesTheStateLabelWithoutKeepingTheOldSeries() {
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.RUNNING, 0)));
    meters.update(List.of(snapshot(3, "web", 0, ProcessState.FATAL, 16)));

    assertThat(scrape())
        .filteredOn(s -> s.name().equals("jpm_process_state"))
        .extracting(s -> s.labels().get("state"))
        .containsExactly("fatal");
  }

  @Test
  void update_instanceDeleted_removesAllItsSeriesAndKeepsTheOthers() {
    meters.update(
        List.of(
            snapshot(3, "web", 0, ProcessState.RUNNING, 0),
            snapshot(4, "web", 1, ProcessState.RUNNING, 0)));

    meters.update(List.of(snapshot(4, "web", 1, ProcessState.RUNNING, 0)));

    assertThat(meters.size()).isEqualTo(1);
    assertThat(scrape()).noneMatch(s -> "0".equals(s.labels().get("instance")));
    assertThat(scrape())
        .filteredOn(s -> "1".equals(s.labels().get("instance")))
        .extracting(Sample::name)
        .containsExactlyInAnyOrder(
            "jpm_process_cpu_percent",
            "jpm_process_memory_bytes",
            "jpm_process_restarts_total",
            "jpm_process_unstable_restarts_total",
            "jpm_process_uptime_seconds",
            "jpm_process_up",
            "jpm_process_state");
  }
}
