package io.jpm.agent.monitoring;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the agent serves {@code /metrics}: a host (name or IP literal) and a TCP port, 0 meaning
 * one the kernel picks.
 *
 * @param host interface to bind; "127.0.0.1" by default, so only this machine can scrape
 * @param port TCP port, 0..65535
 */
public record MetricsAddress(String host, int port) {

  /**
   * The default, {@code 127.0.0.1:0}: loopback only, on a port the kernel picks. A fixed default
   * port would make the second agent on a machine (another user, another JPM_HOME) fail to serve;
   * `jpm ping` tells the URL, and a Prometheus target sets a fixed one with --metrics-addr.
   */
  public static final MetricsAddress DEFAULT = new MetricsAddress("127.0.0.1", 0);

  /** Checks the port range and that a host is given. */
  public MetricsAddress {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("metrics address needs a host, e.g. 127.0.0.1:9464");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port} or {@code off} (empty: serve nothing).
   *
   * @throws IllegalArgumentException naming what is wrong, e.g. "expected HOST:PORT or off"
   */
  public static Optional<MetricsAddress> parse(String text) {
    String t = text.trim();
    if (t.toLowerCase(Locale.ROOT).equals("off")) {
      return Optional.empty();
    }
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "invalid metrics address '" + text + "': expected HOST:PORT or off");
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "invalid metrics address '" + text + "': write an IPv6 host in brackets, [::1]:9464");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid metrics address '" + text + "': the port is not a number", e);
    }
    return Optional.of(new MetricsAddress(host, port));
  }

  /** The address as {@code host:port}, brackets around an IPv6 literal. */
  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
