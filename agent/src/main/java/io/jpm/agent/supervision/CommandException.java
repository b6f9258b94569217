package io.jpm.agent.supervision;

/** A user command that cannot be carried out; the transport maps {@link #failure()} to a code. */
public final class CommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a command failed, independent of any wire format. */
  public enum Failure {
    UNKNOWN_TARGET,
    INVALID_ARGUMENT,
    REJECTED_IN_STATE,
    START_FAILED,
    TIMEOUT,
    SHUTTING_DOWN
  }

  private final Failure failure;

  /** A failure of the given kind with a one-line message for users. */
  public CommandException(Failure failure, String message) {
    super(message);
    this.failure = failure;
  }

  /** The kind of failure. */
  public Failure failure() {
    return failure;
  }
}
