package io.jpm.controller.fleet;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a fleet command on every selected host, in host-name order.
 *
 * @param results one per selected host
 * @param stoppedEarly whether a rolling run stopped at a failed batch (later hosts NOT_TOUCHED)
 * @param <R> the reply type
 */
public record FleetResult<R>(List<HostResult<R>> results, boolean stoppedEarly) {
  /** Sorts by host name. */
  public FleetResult {
    results = results.stream().sorted(Comparator.comparing(HostResult::host)).toList();
  }

  /** Whether every host is OK. */
  public boolean allOk() {
    return results.stream().allMatch(r -> r.outcome() == HostOutcome.OK);
  }
}
