package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing readiness checks from what users type, and the spec rules around them. */
class ReadyCheckTest {

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "http:/", "http:/health?full=1", "log:listening on \\d+"})
  void parse_validText_givesItBackUnchanged(String text) {
    assertThat(ReadyCheck.parse(text).text()).isEqualTo(text);
  }

  @Test
  void parse_kinds_areRecognisedIgnoringCase() {
    assertThat(ReadyCheck.parse(" TCP ")).isEqualTo(ReadyCheck.TCP);
    assertThat(ReadyCheck.parse("HTTP:/up").kind()).isEqualTo(ReadyCheck.Kind.HTTP);
    assertThat(ReadyCheck.parse("log:Ready").pattern().matcher("Ready now").find()).isTrue();
  }

  @Test
  void parse_httpWithoutSlash_saysWhatIsExpected() {
    assertThatThrownBy(() -> ReadyCheck.parse("http:health"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path starting with /");
  }

  @Test
  void parse_badRegex_namesIt() {
    assertThatThrownBy(() -> ReadyCheck.parse("log:([a"))
        .hasMessageContaining("invalid regular expression '([a'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "udp", "log:", "http"})
  void parse_unknownOrIncomplete_isRejected(String text) {
    assertThatThrownBy(() -> ReadyCheck.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void needsPort_onlyForChecksThatTalkToThePort() {
    assertThat(ReadyCheck.TCP.needsPort()).isTrue();
    assertThat(ReadyCheck.parse("http:/").needsPort()).isTrue();
    assertThat(ReadyCheck.parse("log:x").needsPort()).isFalse();
  }

  @Test
  void problems_portOutOfRange_named() {
    AppSpec spec = io.jpm.agent.testing.TestApp.named("w").port(70000).build();
    assertThat(spec.problems()).contains("port: must be between 1 and 65535, got 70000");
  }
}
