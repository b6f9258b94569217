package io.jpm.agent.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The balancing strategies, without sockets. */
class BackendPickerTest {
  private static final List<String> ABC = List.of("a", "b", "c");

  @Test
  void pick_roundRobin_takesTurnsInOrder() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.ROUND_ROBIN);

    assertThat(picks(picker, ABC, Map.of(), 7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
  }

  @Test
  void pick_roundRobin_ignoresLoad() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.ROUND_ROBIN);

    assertThat(picks(picker, ABC, Map.of("a", 50, "b", 0, "c", 0), 3))
        .containsExactly("a", "b", "c");
  }

  @Test
  void pick_noCandidates_isEmpty() {
    for (BalanceStrategy s : BalanceStrategy.values()) {
      assertThat(new BackendPicker(s).pick(List.<String>of(), x -> 0)).isEmpty();
    }
  }

  @Test
  void pick_roundRobinAfterRemoval_staysWithinList() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.ROUND_ROBIN);
    picks(picker, ABC, Map.of(), 2);

    assertThat(picks(picker, List.of("a", "c"), Map.of(), 3)).containsExactly("a", "c", "a");
  }

  @Test
  void pick_leastConnections_takesTheIdleOne() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.LEAST_CONNECTIONS);

    assertThat(picks(picker, ABC, Map.of("a", 3, "b", 0, "c", 2), 3))
        .containsExactly("b", "b", "b");
  }

  @Test
  void pick_leastConnectionsTied_rotates() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.LEAST_CONNECTIONS);

    assertThat(picks(picker, ABC, Map.of("a", 1, "b", 1, "c", 1), 3))
        .containsExactly("a", "b", "c");
  }

  @Test
  void pick_leastConnectionsPartlyTied_rotatesAmongTheLeast() {
    BackendPicker picker = new BackendPicker(BalanceStrategy.LEAST_CONNECTIONS);

    assertThat(picks(picker, ABC, Map.of("a", 0, "b", 4, "c", 0), 4))
        .containsExactly("a", "c", "c", "a");
  }

  private static List<String> picks(
      BackendPicker picker, List<String> candidates, Map<String, Integer> load, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(picker.pick(candidates, c -> load.getOrDefault(c, 0)).orElseThrow());
    }
    return out;
  }
}
