package io.jpm.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Human formats of uptime, memory, cpu and argv. */
class UnitsTest {
  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "3999, 3s",
    "59999, 59s",
    "60000, 1m",
    "300000, 5m",
    "7200000, 2h",
    "86399999, 23h",
    "86400000, 1D",
    "950400000, 11D"
  })
  void uptime_largestWholeUnit(long millis, String text) {
    assertThat(Units.uptime(millis)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"0, 0b", "1023, 1023b", "1536, 1.5kb", "12897485, 12.3mb", "1073741824, 1.0gb"})
  void memory_pm2Style(long bytes, String text) {
    assertThat(Units.memory(bytes)).isEqualTo(text);
  }

  @Test
  void cpu_roundsToWholePercent() {
    assertThat(Units.cpu(3.6)).isEqualTo("4%");
    assertThat(Units.cpu(0.2)).isEqualTo("0%");
  }

  @Test
  void argv_quotesWordsAShellWouldSplit() {
    assertThat(Units.argv(List.of("sh", "-c", "echo 'hi' there", "")))
        .isEqualTo("sh -c 'echo '\\''hi'\\'' there' ''");
  }
}
