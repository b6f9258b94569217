package io.jpm.agent.supervision;

import java.time.Duration;
import java.util.Set;

/**
 * Decides what happens after an instance exits. Pure: time comes in as arguments.
 *
 * <p>Rules, in order: autorestart off leaves the instance down; an exit code listed in
 * stop_exit_codes leaves it down; an exit sooner than min_uptime after start (or before it was
 * ready) is unstable, and max_restarts unstable exits in a row give up (the crash loop); else
 * restart after restart_delay, or after an exponentially growing delay when
 * exp_backoff_restart_delay is set (x1.5 per restart, at most 15 s, back to the initial value once
 * the process had stayed up 30 s), as pm2 does.
 *
 * @param autorestart restart on exit at all
 * @param maxRestarts unstable exits in a row before giving up
 * @param minUptime an exit sooner than this after start is unstable
 * @param restartDelay fixed delay before each restart
 * @param expBackoffInitial first delay of exponential backoff, or null for a fixed delay
 * @param stopExitCodes exit codes that mean "stay down"
 */
public record RestartPolicy(
    boolean autorestart,
    int maxRestarts,
    Duration minUptime,
    Duration restartDelay,
    Duration expBackoffInitial,
    Set<Integer> stopExitCodes) {

  /** Upper bound of the exponential delay (pm2's value). */
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

  /** Uptime after which the exponential delay starts over (pm2's value). */
  public static final Duration BACKOFF_RESET_UPTIME = Duration.ofSeconds(30);

  /** Defaults as in pm2: autorestart, 16 restarts, 1 s min uptime, no delay. */
  public static RestartPolicy defaults() {
    return new RestartPolicy(true, 16, Duration.ofSeconds(1), Duration.ZERO, null, Set.of());
  }

  /**
   * Judges one exit.
   *
   * @param exit how the process ended
   * @param uptime how long it ran
   * @param beforeReady true when it exited before passing its readiness check
   * @param consecutiveUnstable unstable exits in a row before this one
   * @param lastDelay the previous restart delay (for exponential backoff)
   */
  public RestartDecision onExit(
      Input.Exited exit,
      Duration uptime,
      boolean beforeReady,
      int consecutiveUnstable,
      Duration lastDelay) {
    boolean unstable = beforeReady || uptime.compareTo(minUptime) < 0;
    String how =
        "exited with "
            + exit.describe()
            + " after "
            + Durations.format(uptime)
            + (beforeReady ? " before it was ready" : "");
    if (!autorestart) {
      return stayDown(unstable, how + "; autorestart is off");
    }
    if (exit.signal() == 0 && stopExitCodes.contains(exit.exitCode())) {
      return stayDown(unstable, how + "; code " + exit.exitCode() + " is in stop_exit_codes");
    }
    if (unstable) {
      int inARow = consecutiveUnstable + 1;
      String count =
          " (unstable: uptime < min_uptime "
              + Durations.format(minUptime)
              + ", "
              + inARow
              + "/"
              + maxRestarts
              + " in a row)";
      if (inARow >= maxRestarts) {
        return new RestartDecision(
            RestartDecision.Verdict.GIVE_UP,
            true,
            Duration.ZERO,
            how + count + "; max_restarts reached, giving up (errored)");
      }
      how += count;
    }
    Duration delay = nextDelay(uptime, lastDelay);
    String when = delay.isZero() ? "restarting now" : "restarting in " + Durations.format(delay);
    return new RestartDecision(RestartDecision.Verdict.RESTART, unstable, delay, how + "; " + when);
  }

  private RestartDecision stayDown(boolean unstable, String reason) {
    return new RestartDecision(RestartDecision.Verdict.STAY_DOWN, unstable, Duration.ZERO, reason);
  }

  private Duration nextDelay(Duration uptime, Duration lastDelay) {
    if (expBackoffInitial == null) {
      return restartDelay;
    }
    if (lastDelay.isZero() || uptime.compareTo(BACKOFF_RESET_UPTIME) >= 0) {
      return expBackoffInitial;
    }
    Duration grown = Duration.ofMillis(lastDelay.toMillis() * 3 / 2);
    return grown.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : grown;
  }
}
