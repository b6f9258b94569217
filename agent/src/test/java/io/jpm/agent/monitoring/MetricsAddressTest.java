package io.jpm.agent.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** --metrics-addr values: host:port, [ipv6]:port, off, and the mistakes people make. */
class MetricsAddressTest {

  @Test
  void parse_hostAndPort_keepsBoth() {
    assertThat(MetricsAddress.parse("127.0.0.1:9464"))
        .contains(new MetricsAddress("127.0.0.1", 9464));
    assertThat(MetricsAddress.parse(" localhost:0 ")).contains(new MetricsAddress("localhost", 0));
  }

  @Test
  void parse_bracketedIpv6_dropsBrackets() {
    MetricsAddress a = MetricsAddress.parse("[::1]:9464").orElseThrow();

    assertThat(a.host()).isEqualTo("::1");
    assertThat(a).hasToString("[::1]:9464");
  }

  @Test
  void parse_off_isEmptyInAnyCase() {
    assertThat(MetricsAddress.parse("off")).isEmpty();
    assertThat(MetricsAddress.parse("OFF")).isEmpty();
  }

  @Test
  void parse_mistakes_throwSayingWhatIsWrong() {
    assertThatThrownBy(() -> MetricsAddress.parse("9464")).hasMessageContaining("HOST:PORT or off");
    assertThatThrownBy(() -> MetricsAddress.parse(":9464")).hasMessageContaining("needs a host");
    assertThatThrownBy(() -> MetricsAddress.parse("h:x")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> MetricsAddress.parse("h:70000")).hasMessageContaining("0..65535");
    assertThatThrownBy(() -> MetricsAddress.parse("::1:9464")).hasMessageContaining("brackets");
  }

  @Test
  void default_isLoopbackWithAKernelPickedPort() {
    assertThat(MetricsAddress.DEFAULT).hasToString("127.0.0.1:0");
  }
}
