package io.jpm.controller.fleet;

/** What the transport must do after the view took in something from a host. */
public enum FollowUp {
  /** Nothing. */
  NONE,
  /** Re-read the host's processes (ListRequest): the view missed changes or has none yet. */
  LIST,
  /** Ping the host (a new agent run may have new labels and version), then list. */
  PING_AND_LIST
}
