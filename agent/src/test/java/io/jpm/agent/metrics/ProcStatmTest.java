package io.jpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing of /proc/<pid>/statm lines (the agent's own, /proc/self/statm, too), from fixtures. */
class ProcStatmTest {
  // A real line (cat on Debian 12): size resident shared text lib data dt, in pages.
  private static final String CAT = "765 434 406 5 0 123 0\n";

  @TempDir Path proc;

  @Test
  void parse_realLine_readsPagesAndResidentBytes() {
    ProcStatm s = ProcStatm.parse(CAT);

    assertThat(s).isEqualTo(new ProcStatm(765, 434, 406));
    assertThat(s.residentBytes()).isEqualTo(434 * 4096L);
  }

  @Test
  void parse_largeJvmLine_doesNotOverflow() {
    ProcStatm s = ProcStatm.parse("1193738 26471 6740 1 0 1050581 0");

    assertThat(s.residentBytes()).isEqualTo(26471L * 4096);
    assertThat(s.sizePages()).isEqualTo(1_193_738);
  }

  @Test
  void parse_truncatedLine_throwsNamingIt() {
    assertThatThrownBy(() -> ProcStatm.parse("765 434"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void parse_notNumbers_throws() {
    assertThatThrownBy(() -> ProcStatm.parse("a b c d e f g"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad number");
  }

  @Test
  void read_selfInAFakeProc_readsIt() throws IOException {
    Files.createDirectories(proc.resolve("self"));
    Files.writeString(proc.resolve("self/statm"), CAT);

    assertThat(ProcStatm.read(proc, "self")).contains(new ProcStatm(765, 434, 406));
  }

  @Test
  void read_missingOrGarbage_isEmpty() throws IOException {
    Files.createDirectories(proc.resolve("7"));
    Files.writeString(proc.resolve("7/statm"), "garbage\n");

    assertThat(ProcStatm.read(proc, "7")).isEmpty();
    assertThat(ProcStatm.read(proc, "8")).isEmpty();
  }
}
