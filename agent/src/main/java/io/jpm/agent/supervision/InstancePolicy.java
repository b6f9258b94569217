package io.jpm.agent.supervision;

import java.time.Duration;

/**
 * The per-app rules the state machine needs besides restarting.
 *
 * @param restart what to do after an exit
 * @param killTimeout time between the stop signal and SIGKILL
 * @param stopSignal stop signal name without "SIG", e.g. "TERM"
 * @param readyTimeout how long STARTING waits for a readiness signal; null when the app has no
 *     readiness check, in which case an instance is RUNNING as soon as it is spawned
 */
public record InstancePolicy(
    RestartPolicy restart, Duration killTimeout, String stopSignal, Duration readyTimeout) {

  /** pm2-like defaults: kill_timeout 1600 ms, SIGTERM, no readiness check. */
  public static InstancePolicy defaults() {
    return new InstancePolicy(RestartPolicy.defaults(), Duration.ofMillis(1600), "TERM", null);
  }
}
