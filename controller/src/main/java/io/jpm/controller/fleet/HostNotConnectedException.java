package io.jpm.controller.fleet;

/** Fails a host call when the controller has no live connection to the host. */
public final class HostNotConnectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** For {@code host}, with why (e.g. "no heartbeat for 3 s"). */
  public HostNotConnectedException(String host, String why) {
    super(host + ": not connected" + (why.isEmpty() ? "" : " (" + why + ")"));
  }
}
