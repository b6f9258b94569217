package io.jpm.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict text-format reader accepts well-formed exposition and names each broken rule. */
class PrometheusTextTest {

  @Test
  void parse_wellFormed_readsSamples() {
    List<Sample> s =
        PrometheusText.parse(
            """
            # HELP up Whether it is up.
            # TYPE up gauge
            up{app="a\\"b",instance="0",} 1.0
            # a plain comment
            rtt_seconds_count 3 1700000000000
            rtt_seconds_sum +Inf
            x NaN
            """);

    assertThat(s)
        .containsExactly(
            new Sample("up", Map.of("app", "a\"b", "instance", "0"), 1.0),
            new Sample("rtt_seconds_count", Map.of(), 3),
            new Sample("rtt_seconds_sum", Map.of(), Double.POSITIVE_INFINITY),
            new Sample("x", Map.of(), Double.NaN));
  }

  @Test
  void parse_histogramSuffixes_belongToTheirFamily() {
    assertThat(
            PrometheusText.parse(
                """
                # TYPE h histogram
                h_bucket{le="1"} 1
                h_bucket{le="+Inf"} 2
                h_sum 3
                h_count 2
                """))
        .hasSize(4);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1up 1\n",
        "up{1a=\"x\"} 1\n",
        "up{a=x} 1\n",
        "up{a=\"x\\t\"} 1\n",
        "up{a=\"x\"\n",
        "up one\n",
        "up 1 2 3\n",
        "up 1",
        "up 1\nup 2\n",
        "up 1\ndown 1\nup{a=\"b\"} 1\n",
        "# TYPE up gauge\n# TYPE up gauge\nup 1\n",
        "up 1\n# TYPE up gauge\n",
        "# TYPE up meter\nup 1\n",
        "up{a=\"1\",a=\"2\"} 1\n",
      })
  void parse_brokenRule_throwsWithLineNumber(String text) {
    assertThatThrownBy(() -> PrometheusText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching("(?s)(line \\d+: .*|the text does not end with a newline)");
  }
}
