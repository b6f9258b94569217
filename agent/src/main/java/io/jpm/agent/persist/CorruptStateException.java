package io.jpm.agent.persist;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state file that could not be read back; it has been moved aside, and the message says where.
 */
public final class CorruptStateException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path setAside;

  /** A corrupt file, now at {@code setAside}. */
  public CorruptStateException(String message, Path setAside) {
    super(message);
    this.setAside = setAside;
  }

  /** Where the corrupt file was moved, for inspection. */
  public Path setAside() {
    return setAside;
  }
}
