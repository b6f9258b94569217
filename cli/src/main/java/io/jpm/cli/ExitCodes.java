package io.jpm.cli;

import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;

/**
 * The exit codes of jpm. 0-2 are picocli's ({@code CommandLine.ExitCode}); 3 and 4 are jpm's own,
 * in the s6 spirit. If you change one here, change the list in {@link Jpm}'s help too.
 */
public final class ExitCodes {
  /** The command did what was asked. */
  public static final int OK = 0;

  /** The operation failed (unknown app, invalid spec, start failure...). */
  public static final int FAILED = 1;

  /** The command line was wrong. */
  public static final int USAGE = 2;

  /** The agent refused the command in the instance's current state. */
  public static final int REJECTED = 3;

  /** The agent could not be reached or did not answer in time. */
  public static final int UNREACHABLE = 4;

  private ExitCodes() {}

  /**
   * The exit code of a fleet command: {@link #OK} when every targeted host is OK; {@link
   * #UNREACHABLE} when none answered (each not connected or timed out); else {@link #FAILED}.
   */
  public static int ofFleet(FleetReply reply) {
    if (reply.getResultsList().stream()
        .allMatch(r -> r.getOutcome() == HostOutcome.HOST_OUTCOME_OK)) {
      return OK;
    }
    boolean noneAnswered = reply.getResultsList().stream().allMatch(ExitCodes::unanswered);
    return noneAnswered ? UNREACHABLE : FAILED;
  }

  private static boolean unanswered(HostResult r) {
    return r.getOutcome() == HostOutcome.HOST_OUTCOME_NOT_CONNECTED
        || r.getOutcome() == HostOutcome.HOST_OUTCOME_TIMED_OUT;
  }
}
