package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Sizes, signals and instance counts as users type them. */
class ConvertersTest {
  @ParameterizedTest
  @CsvSource({
    "512, 512",
    "512K, 524288",
    "200M, 209715200",
    "200m, 209715200",
    "1G, 1073741824",
    "1.5G, 1610612736",
    "64MB, 67108864"
  })
  void parseSize_binaryMultiples(String text, long bytes) {
    assertThat(Converters.parseSize(text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "M", "-1M", "1T", "lots"})
  void size_invalid_typeConversionError(String text) {
    assertThatThrownBy(() -> new Converters.Size().convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("invalid size");
  }

  @ParameterizedTest
  @CsvSource({"TERM, SIGTERM", "sigusr2, SIGUSR2", "9, SIGKILL", "Hup, SIGHUP"})
  void signal_canonicalName(String text, String name) {
    assertThat(new Converters.Signal().convert(text)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource({"1, 1, false", "16, 16, false", "max, 0, true", "MAX, 0, true"})
  void instances_numberOrMax(String text, int count, boolean max) {
    assertThat(new Converters.Instances().convert(text)).isEqualTo(new InstanceCount(count, max));
  }
}
