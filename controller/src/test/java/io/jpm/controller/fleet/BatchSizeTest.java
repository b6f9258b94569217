package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batch sizes ("N", "N%") and the rolling batches they cut a host list into. */
class BatchSizeTest {

  @ParameterizedTest(name = "{0} of {1} hosts -> {2} per batch, {3} batches")
  @CsvSource({
    "'', 5, 1, 5",
    "1, 5, 1, 5",
    "2, 5, 2, 3",
    "5, 5, 5, 1",
    "9, 5, 9, 1",
    "1%, 5, 1, 5",
    "20%, 5, 1, 5",
    "25%, 5, 2, 3",
    "50%, 5, 3, 2",
    "100%, 5, 5, 1",
    "10%, 1, 1, 1",
    "33%, 9, 3, 3",
    "' 2 ', 4, 2, 2",
    "30 %, 10, 3, 4"
  })
  void batches_table_cutsHostsInOrder(String text, int hosts, int per, int batches) {
    BatchSize size = BatchSize.parse(text);
    List<String> names = IntStream.rangeClosed(1, hosts).mapToObj(i -> "h" + i).toList();

    List<List<String>> cut = size.batches(names);

    assertThat(size.hostsPer(hosts)).isEqualTo(per);
    assertThat(cut).hasSize(batches);
    assertThat(cut.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(names);
    assertThat(cut.subList(0, batches - 1)).allSatisfy(b -> assertThat(b).hasSize(per));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "0, must be at least 1",
    "-1, must be at least 1",
    "0%, must be at least 1",
    "abc, expected a number of hosts (N) or a percentage (N%)",
    "%, expected a number of hosts",
    "1.5, expected a number of hosts",
    "150%, at most 100%",
    "101%, at most 100%",
    "99999999999, expected a number of hosts"
  })
  void parse_invalid_throwsNamingTheValue(String text, String why) {
    assertThatThrownBy(() -> BatchSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @CsvSource({"3", "40%"})
  void batches_noHosts_noBatches(String text) {
    assertThat(BatchSize.parse(text).batches(List.of())).isEmpty();
  }
}
