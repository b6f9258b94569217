package io.jpm.controller.fleet;

/** What happened on one host of a fleet command (control.proto's HostOutcome). */
public enum HostOutcome {
  /** The agent answered with the expected result. */
  OK,
  /** The agent answered with an error. */
  FAILED,
  /** No answer within the host timeout. */
  TIMED_OUT,
  /** The controller has no live connection to the host. */
  NOT_CONNECTED,
  /** A rolling run stopped before this host's batch. */
  NOT_TOUCHED
}
