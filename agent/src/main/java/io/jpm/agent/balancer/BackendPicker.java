package io.jpm.agent.balancer;

import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Picks one backend among candidates by a {@link BalanceStrategy}. Pure apart from its round-robin
 * cursor: no I/O, no clock. One per port, used only on the balancer thread.
 */
final class BackendPicker {
  private final BalanceStrategy strategy;
  private int cursor;

  BackendPicker(BalanceStrategy strategy) {
    this.strategy = strategy;
  }

  /**
   * Returns the candidate for the next connection, or empty when there is none. {@code
   * openConnections} is only consulted by {@link BalanceStrategy#LEAST_CONNECTIONS}.
   */
  <T> Optional<T> pick(List<T> candidates, ToIntFunction<T> openConnections) {
    int n = candidates.size();
    if (n == 0) {
      return Optional.empty();
    }
    // The cursor advances on every pick, so least-connections ties rotate too instead of
    // always landing on the first backend added.
    int start = Math.floorMod(cursor++, n);
    if (strategy == BalanceStrategy.ROUND_ROBIN) {
      return Optional.of(candidates.get(start));
    }
    int best = start;
    int bestLoad = openConnections.applyAsInt(candidates.get(start));
    for (int i = 1; i < n; i++) {
      int index = (start + i) % n;
      int load = openConnections.applyAsInt(candidates.get(index));
      if (load < bestLoad) {
        best = index;
        bestLoad = load;
      }
    }
    return Optional.of(candidates.get(best));
  }
}
