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

  /** This policy with automatic restarts off: a reload's replacement gets one chance. */
  public InstancePolicy withoutAutorestart() {
    RestartPolicy r = restart;
    return new InstancePolicy(
        new RestartPolicy(
            false,
            r.maxRestarts(),
            r.minUptime(),
            r.restartDelay(),
            r.expBackoffInitial(),
            r.stopExitCodes()),
        killTimeout,
        stopSignal,
        readyTimeout);
  }

  /** pm2-like defaults: kill_timeout 1600 ms, SIGTERM, no readiness check. */
  public static InstancePolicy defaults() {
    return new InstancePolicy(RestartPolicy.defaults(), Duration.ofMillis(1600), "TERM", null);
  }
}
