package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.PythonTools;
import io.jpm.cli.testing.StreamingCommand;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian package prometheus; skipped without it) scrapes a real agent
 * every second, and its query API returns the app's memory series, tagged as docs/monitoring.md
 * says: app and namespace kept, the agent's instance tag renamed exported_instance.
 */
class PrometheusServerIT {
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

  @Test
  void prometheus_scrapingTheAgent_queryApiReturnsTheAppsMemory() throws Exception {
    assumeTrue(
        PythonTools.onPath("prometheus"),
        "skipped: no prometheus on PATH (Debian: apt-get install prometheus; .ci/run does)");
    MonitoringIT.startHog(jpm, homes);
    URI target = URI.create(MonitoringIT.metricsUrl(jpm));
    int port = freeLoopbackPort();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: jpm
            metrics_path: %s
            static_configs:
              - targets: ['%s:%d']
        """
            .formatted(target.getPath(), target.getHost(), target.getPort()));
    ProcessBuilder server =
        new ProcessBuilder(
            "prometheus",
            "--config.file=" + config,
            "--storage.tsdb.path=" + tmp.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn");
    String query =
        "http://127.0.0.1:"
            + port
            + "/api/v1/query?query="
            + URLEncoder.encode("jpm_process_memory_bytes{app=\"hog\"}", StandardCharsets.UTF_8);

    try (StreamingCommand prometheus = StreamingCommand.start(server.redirectErrorStream(true))) {
      JsonNode series =
          Await.value(
              "hog's memory series from Prometheus at " + query,
              MonitoringIT.WAIT,
              () -> firstResult(query, prometheus));

      assertThat(series.get("metric").get("__name__").asText())
          .isEqualTo("jpm_process_memory_bytes");
      assertThat(series.get("metric").get("job").asText()).isEqualTo("jpm");
      assertThat(series.get("metric").get("namespace").asText()).isEqualTo("default");
      assertThat(series.get("metric").get("exported_instance").asText()).isEqualTo("0");
      assertThat(series.get("metric").get("instance").asText())
          .isEqualTo(target.getHost() + ":" + target.getPort());
      assertThat(Double.parseDouble(series.get("value").get(1).asText())).isPositive();
    }
  }

  /** The first series of a successful, non-empty query answer; null until there is one. */
  private static JsonNode firstResult(String query, StreamingCommand prometheus) {
    assertThat(prometheus.isAlive()).as("prometheus runs: " + prometheus.lines()).isTrue();
    try {
      JsonNode answer = MonitoringIT.JSON.readTree(MonitoringIT.get(query));
      JsonNode result = answer.get("data").get("result");
      return result.isEmpty() ? null : result.get(0);
    } catch (java.io.IOException | InterruptedException e) {
      return null; // not listening yet
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A port free right now; Prometheus cannot report a kernel-picked one. */
  private static int freeLoopbackPort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
