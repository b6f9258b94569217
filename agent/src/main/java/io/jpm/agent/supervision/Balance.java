package io.jpm.agent.supervision;

import java.util.Arrays;
import java.util.Optional;

/** How an app's public port picks the instance for a new connection (`--balance`). */
public enum Balance {
  /** Each instance in turn (the default, like pm2's cluster mode). */
  ROUND_ROBIN("round-robin"),
  /** The instance with the fewest open connections; ties go round-robin. */
  LEAST_CONNECTIONS("least-conn");

  private final String word;

  Balance(String word) {
    this.word = word;
  }

  /** The name users write: "round-robin" or "least-conn". */
  public String word() {
    return word;
  }

  /** The balance a user's word names, or empty for any other word. */
  public static Optional<Balance> of(String word) {
    return Arrays.stream(values()).filter(b -> b.word.equals(word)).findFirst();
  }
}
