package io.jpm.agent.supervision;

/**
 * Keeps account of failed starts for {@link InstanceDriver}: a process that exits (or is killed for
 * not being ready within listen_timeout) before it is ready, or that cannot be spawned. `start`,
 * `restart` and `reload` fail on such a start with the reason kept here, and the history line of
 * the readiness timeout says what the probe saw last. Called only on the supervisor loop thread.
 */
final class StartFailures {
  private StartFailures() {}

  /** Forgets what the previous process of the instance went through; called before each spawn. */
  static void newProcess(ManagedInstance mi) {
    mi.readinessProblem = null;
    mi.readyTimedOut = false;
  }

  /**
   * Counts a failed start when {@code input} ends one, and returns the reason to record for the
   * decision (the decision's own, completed where the shell knows more).
   */
  static String judge(
      ManagedInstance mi, InstanceState before, Input input, Decision d, InstancePolicy p) {
    if (before.state() != ProcessState.STARTING) {
      return d.reason();
    }
    return switch (input.type()) {
      case TIMER_FIRED -> timedOut(mi, d, p);
      case EXITED -> exited(mi, (Input.Exited) input, d);
      case SPAWN_FAILED -> {
        mi.failedStarts++;
        mi.startFailure = d.reason();
        yield d.reason();
      }
      default -> d.reason();
    };
  }

  private static String timedOut(ManagedInstance mi, Decision d, InstancePolicy p) {
    String seen = mi.readinessProblem == null ? "" : "; last check: " + mi.readinessProblem;
    mi.readyTimedOut = true;
    mi.startFailure =
        "not ready within " + Durations.format(p.readyTimeout()) + " (listen_timeout)" + seen;
    return d.reason() + seen;
  }

  private static String exited(ManagedInstance mi, Input.Exited exit, Decision d) {
    mi.failedStarts++;
    if (!mi.readyTimedOut) {
      mi.startFailure = "exited with " + exit.describe() + " before it was ready";
    }
    // A replacement runs without autorestart; the policy's "autorestart is off" would mislead.
    return mi.shadow ? mi.startFailure + "; a replacement is not restarted" : d.reason();
  }
}
