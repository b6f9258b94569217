package io.jpm.controller.fleet;

/**
 * Checks the agent endpoints a controller accepts: {@code tcp://HOST:PORT} and {@code ipc:///path}.
 */
public final class Endpoints {
  private Endpoints() {}

  /** What is wrong with {@code endpoint}, or null when it is fine. */
  public static String problem(String endpoint) {
    if (endpoint.startsWith("ipc://")) {
      return endpoint.startsWith("ipc:///") ? null : "an ipc:// endpoint needs an absolute path";
    }
    if (!endpoint.startsWith("tcp://")) {
      return "expected tcp://HOST:PORT or ipc:///path";
    }
    String rest = endpoint.substring("tcp://".length());
    int colon = rest.lastIndexOf(':');
    if (colon <= 0) {
      return "expected tcp://HOST:PORT";
    }
    String port = rest.substring(colon + 1);
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      return "port must be 1..65535";
    }
    return null;
  }

  /**
   * {@code tcp://HOST:PORT} with the port of {@code other} (a tcp:// endpoint), else {@code base}.
   */
  public static String withPortOf(String base, String other) {
    if (!base.startsWith("tcp://") || !other.startsWith("tcp://")) {
      return other.isEmpty() ? base : other;
    }
    String port = other.substring(other.lastIndexOf(':') + 1);
    return base.substring(0, base.lastIndexOf(':') + 1) + port;
  }
}
