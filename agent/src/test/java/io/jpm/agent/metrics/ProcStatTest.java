package io.jpm.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing of /proc/<pid>/stat lines, from fixture strings. */
class ProcStatTest {
  // A real line (bash on Debian 12), trailing fields cut after field 30.
  private static final String BASH =
      "3350 (bash) S 3349 3350 3350 0 -1 4194560 3349 49365 0 1 1 3 72 16 20 0 1 0 73155"
          + " 5124096 927 18446744073709551615 94230044286976 94230045076381 140725490306096 0 0 0"
          + " 65536";

  @Test
  void parse_realLine_readsEveryField() {
    ProcStat s = ProcStat.parse(BASH);

    assertThat(s).isEqualTo(new ProcStat(3350, "bash", 'S', 3349, 3350, 3350, 1, 3, 73155));
    assertThat(s.cpuTicks()).isEqualTo(4);
    assertThat(s.isZombie()).isFalse();
  }

  @Test
  void parse_zombie_isZombie() {
    ProcStat s =
        ProcStat.parse(
            "5195 (sleep) Z 1 5194 5194 0 -1 4227084 89 0 0 0 0 0 0 0 20 0 1 0 81234 0 0"
                + " 18446744073709551615 0 0 0 0 0");

    assertThat(s.state()).isEqualTo('Z');
    assertThat(s.isZombie()).isTrue();
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.pgrp()).isEqualTo(5194);
  }

  @Test
  void parse_commWithSpaceAndParenthesis_usesLastParenthesis() {
    ProcStat s =
        ProcStat.parse("77 (a) b) R 1 70 69 0 -1 4194304 0 0 0 0 250 31 0 0 20 0 1 0 999 1 2");

    assertThat(s.comm()).isEqualTo("a) b");
    assertThat(s.state()).isEqualTo('R');
    assertThat(s.ppid()).isEqualTo(1);
    assertThat(s.pgrp()).isEqualTo(70);
    assertThat(s.session()).isEqualTo(69);
    assertThat(s.utime()).isEqualTo(250);
    assertThat(s.stime()).isEqualTo(31);
    assertThat(s.starttime()).isEqualTo(999);
  }

  @Test
  void parse_commOfOnlyParentheses_keepsThem() {
    ProcStat s = ProcStat.parse("8 ()) (() S 2 0 0 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 42");

    assertThat(s.comm()).isEqualTo(")) ((");
    assertThat(s.starttime()).isEqualTo(42);
  }

  @Test
  void parse_lineWithTrailingNewline_parses() {
    assertThat(ProcStat.parse(BASH + "\n").starttime()).isEqualTo(73155);
  }

  @Test
  void parse_truncatedLine_throwsNamingIt() {
    assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 12 12 0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void parse_notAStatLine_throws() {
    assertThatThrownBy(() -> ProcStat.parse("hello world"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a /proc stat line");
    assertThatThrownBy(
            () -> ProcStat.parse("x1 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad number");
  }
}
