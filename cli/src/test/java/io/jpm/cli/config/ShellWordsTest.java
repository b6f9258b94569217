package io.jpm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Splitting an args string the way a shell would, without expansion. */
class ShellWordsTest {
  @Test
  void split_blanksQuotesAndEscapes_likeAShell() {
    assertThat(ShellWords.split("  --port 80\t-v 'a b' \"c \\\"d\\\"\" e\\ f '$HOME' \"\"x"))
        .containsExactly("--port", "80", "-v", "a b", "c \"d\"", "e f", "$HOME", "x");
  }

  @Test
  void split_emptyQuotes_areAnEmptyWord() {
    assertThat(ShellWords.split("a '' b")).containsExactly("a", "", "b");
  }

  @Test
  void split_blank_hasNoWords() {
    assertThat(ShellWords.split("   ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"'open", "\"open", "end\\"})
  void split_unfinished_isRejected(String text) {
    assertThatThrownBy(() -> ShellWords.split(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
