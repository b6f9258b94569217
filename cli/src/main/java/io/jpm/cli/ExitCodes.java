package io.jpm.cli;

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
}
