package io.jpm.cli;

/**
 * An operation failed in a way the user should read: the message is one line printed as {@code jpm:
 * <message>}, and the command exits with {@link #exitCode()}.
 */
public final class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** A failure with the given exit code and one-line message ("what failed: why"). */
  public CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** A failure of the operation itself (exit 1). */
  public static CliFailure failed(String message) {
    return new CliFailure(ExitCodes.FAILED, message);
  }

  /** The process exit code. */
  public int exitCode() {
    return exitCode;
  }
}
