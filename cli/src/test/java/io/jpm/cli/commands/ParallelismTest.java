package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --parallel values: N or N%, and how many rolling batches they make. */
class ParallelismTest {
  @Test
  void parse_countAndPercent_keepTheirText() {
    assertThat(Parallelism.parse("3").text()).isEqualTo("3");
    assertThat(Parallelism.parse("25%").text()).isEqualTo("25%");
  }

  @Test
  void parse_outOfRange_failsSayingWhatIsAccepted() {
    assertThatThrownBy(() -> Parallelism.parse("200%"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a percentage from 1% to 100%");
  }

  @ParameterizedTest
  @CsvSource({"1,10,10", "3,10,4", "50%,4,2", "50%,5,3", "10%,3,3", "100%,7,1", "2,0,0"})
  void batches_ofSelectedHosts_roundUpWithAtLeastOneHostPerBatch(
      String parallel, int hosts, int batches) {
    assertThat(Parallelism.parse(parallel).batches(hosts)).isEqualTo(batches);
  }
}
