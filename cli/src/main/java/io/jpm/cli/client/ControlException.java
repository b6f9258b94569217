package io.jpm.cli.client;

/** The agent could not be reached, did not answer in time, or answered something unreadable. */
public final class ControlException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong, which decides the exit code. */
  public enum Kind {
    /** No agent is listening (no socket, or it never answered). */
    UNREACHABLE,
    /** The agent did not answer within the deadline. */
    TIMEOUT,
    /** The reply could not be decoded. */
    BAD_REPLY,
    /** An agent was spawned but did not come up. */
    SPAWN_FAILED
  }

  private final Kind kind;

  /** A failure of the given kind; {@code message} says why in one line. */
  public ControlException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }
}
