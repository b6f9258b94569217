package io.jpm.cli.output;

import io.jpm.messages.v1.ProcessState;

/**
 * pm2's status words for the agent's states. This mapping lives here only: the agent and the wire
 * speak states, the CLI shows words.
 */
public final class StatusWords {
  private StatusWords() {}

  /** The word shown by `list`, `jlist`, `describe` and `events` for a state. */
  public static String of(ProcessState state) {
    return switch (state) {
      case PROCESS_STATE_STOPPED, PROCESS_STATE_EXITED -> "stopped";
      case PROCESS_STATE_STARTING -> "launching";
      case PROCESS_STATE_RUNNING -> "online";
      case PROCESS_STATE_BACKOFF -> "waiting-restart";
      case PROCESS_STATE_STOPPING -> "stopping";
      case PROCESS_STATE_FATAL -> "errored";
      case PROCESS_STATE_UNSPECIFIED, UNRECOGNIZED -> "unknown";
    };
  }
}
