package io.jpm.controller.fleet;

/** A host's connection state as the controller sees it (control.proto's HostConnection). */
public enum Connection {
  /** Answering: a ping reply or a heartbeat within the last three beat intervals. */
  CONNECTED,
  /** Known, not yet (or no longer) answering. */
  DISCONNECTED,
  /** Announced itself with a key nobody has accepted yet. */
  PENDING
}
