package io.jpm.agent.supervision;

import java.util.HashMap;
import java.util.Map;

/**
 * Builds what the launcher needs for an instance's next process: its argv, cwd, log policy and
 * environment (the base env, the app's env, then JPM_APP_NAME, JPM_ID, JPM_INSTANCE, pm2's
 * NODE_APP_INSTANCE for node apps, and PORT and JPM_PORT when it has a private port).
 */
final class LaunchRequests {
  private LaunchRequests() {}

  /** The request for the next process of {@code mi}. */
  static ProcessLauncher.LaunchRequest of(ManagedInstance mi, AppSpec spec) {
    Map<String, String> env = new HashMap<>(spec.baseEnv());
    env.putAll(spec.env());
    env.put("JPM_APP_NAME", spec.name());
    env.put("JPM_ID", Integer.toString(mi.id));
    env.put("JPM_INSTANCE", Integer.toString(mi.index));
    if (Interpreters.isNode(spec)) {
      env.put("NODE_APP_INSTANCE", Integer.toString(mi.index));
    }
    if (mi.privatePort > 0) {
      env.put("PORT", Integer.toString(mi.privatePort));
      env.put("JPM_PORT", Integer.toString(mi.privatePort));
    }
    return new ProcessLauncher.LaunchRequest(
        spec.name(),
        mi.id,
        mi.index,
        spec.argv(),
        spec.cwd(),
        env,
        !spec.baseEnv().isEmpty(),
        InstanceDriver.logPolicy(mi, spec));
  }
}
