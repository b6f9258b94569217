package io.jpm.agent.supervision;

import java.util.List;

/**
 * What {@link Supervisor#reload} did.
 *
 * @param instances the targeted instances afterwards
 * @param restartedApps targeted apps with no readiness check, restarted instead (sorted)
 */
public record ReloadResult(List<InstanceSnapshot> instances, List<String> restartedApps) {

  /** Copies, so a result never changes. */
  public ReloadResult {
    instances = List.copyOf(instances);
    restartedApps = List.copyOf(restartedApps);
  }
}
