package io.jpm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.AgentPaths;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which controller a fleet command talks to: --controller, JPM_CONTROLLER, or the local one. */
class ControllerAddressTest {
  private static final AgentPaths PATHS = new AgentPaths(Path.of("/home/me/.jpm"));
  private static final String KEY = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

  @Test
  void resolve_nothingGiven_isTheLocalControllerSocket() {
    ControllerAddress address = ControllerAddress.resolve(null, Map.of(), PATHS);

    assertThat(address.endpoint()).isEqualTo("ipc:///home/me/.jpm/ctl.sock");
    assertThat(address.remote()).isFalse();
  }

  @Test
  void resolve_optionBeatsTheEnvironment() {
    ControllerAddress address =
        ControllerAddress.resolve(
            "ipc:///a/ctl.sock", Map.of("JPM_CONTROLLER", "ipc:///b/ctl.sock"), PATHS);

    assertThat(address.endpoint()).isEqualTo("ipc:///a/ctl.sock");
  }

  @Test
  void resolve_tcpWithKeySuffix_keepsTheKeyApart() {
    ControllerAddress address = ControllerAddress.resolve("tcp://ctl:7700#" + KEY, Map.of(), PATHS);

    assertThat(address).isEqualTo(new ControllerAddress("tcp://ctl:7700", KEY));
  }

  @Test
  void resolve_tcpKeyFromTheEnvironment() {
    ControllerAddress address =
        ControllerAddress.resolve(
            null, Map.of("JPM_CONTROLLER", "tcp://ctl:7700", "JPM_CONTROLLER_KEY", KEY), PATHS);

    assertThat(address.serverKey()).isEqualTo(KEY);
  }

  @Test
  void resolve_tcpWithoutKey_failsSayingHowToGiveIt() {
    assertThatThrownBy(() -> ControllerAddress.resolve("tcp://ctl:7700", Map.of(), PATHS))
        .hasMessageContaining("#KEY or JPM_CONTROLLER_KEY");
  }

  @Test
  void eventsEndpoint_overTcp_keepsTheControllersAddressAndTakesThePort() {
    ControllerAddress address = new ControllerAddress("tcp://ctl.example:7700", KEY);

    assertThat(address.eventsEndpoint("ipc:///x/ctl-pub.sock", "tcp://0.0.0.0:7701"))
        .contains("tcp://ctl.example:7701");
  }
}
