package io.jpm.agent.supervision;

import java.time.Duration;

/**
 * What the restart policy decided about one exit.
 *
 * @param verdict restart, leave stopped, or give up
 * @param unstable whether the exit counts as unstable (too soon after start)
 * @param delay how long to wait before restarting (zero unless verdict is RESTART)
 * @param reason which rule fired, for events and `describe`
 */
public record RestartDecision(Verdict verdict, boolean unstable, Duration delay, String reason) {

  /** The three outcomes of an exit. */
  public enum Verdict {
    /** Start the process again after {@code delay}. */
    RESTART,
    /** Leave it exited (autorestart off, or a stop exit code). */
    STAY_DOWN,
    /** Crash loop: give up until a user acts. */
    GIVE_UP
  }
}
