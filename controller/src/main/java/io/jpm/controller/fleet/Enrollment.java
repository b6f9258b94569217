package io.jpm.controller.fleet;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * What the controller answers an agent that announces itself (docs/fleet.md, enrollment): refused
 * when the announced key is not the key the agent connected with, or names a host of the inventory
 * with another key; accepted when the inventory or an accepted key file already has the host with
 * that key; otherwise recorded as pending in {@link KeyFiles} until `jpm keys accept HOST`.
 *
 * @param keys the controller's accepted and pending key files
 * @param inventory the inventory's hosts (they win over announcements)
 */
public record Enrollment(KeyFiles keys, List<HostEntry> inventory) {
  private static final Logger LOG = Logger.getLogger(Enrollment.class.getName());
  // A host name becomes a file name: no separators, no leading dot.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Set<String> WILDCARDS = Set.of("*", "0.0.0.0", "[::]", "::");

  /** Defensive copy. */
  public Enrollment {
    inventory = List.copyOf(inventory);
  }

  /**
   * The answer to an announcement.
   *
   * @param accepted whether the controller follows (or will follow) the host
   * @param refusal why it was refused; empty when it was not
   */
  public record Verdict(boolean accepted, String refusal) {
    static Verdict refused(String why) {
      return new Verdict(false, why);
    }

    /** Whether the announcement was refused. */
    public boolean isRefused() {
      return !refusal.isEmpty();
    }
  }

  /**
   * One agent's announcement.
   *
   * @param host the host name it announces
   * @param controlEndpoint its TCP control endpoint (a wildcard address is replaced by the peer's)
   * @param publicKey the key it says it has
   * @param labels its labels
   * @param version its software version
   */
  public record Announcement(
      String host,
      String controlEndpoint,
      String publicKey,
      Map<String, String> labels,
      String version) {}

  /**
   * Decides on {@code a}, made over a CURVE connection with {@code connectingKey} from {@code
   * peerAddress}, and records a new or changed host as pending.
   *
   * @throws IOException when the pending file cannot be written
   */
  public Verdict announce(Announcement a, String connectingKey, String peerAddress)
      throws IOException {
    if (!a.publicKey().equals(connectingKey)) {
      return Verdict.refused(
          "public_key "
              + a.publicKey()
              + " is not the key this connection uses ("
              + connectingKey
              + "): an agent may only announce its own key");
    }
    if (!HOST.matcher(a.host()).matches()) {
      return Verdict.refused("host '" + a.host() + "' is not a valid host name");
    }
    String endpoint = reachable(a.controlEndpoint(), peerAddress);
    String problem = endpoint.startsWith("tcp://") ? Endpoints.problem(endpoint) : "not tcp://";
    if (problem != null) {
      return Verdict.refused("control_endpoint '" + a.controlEndpoint() + "': " + problem);
    }
    for (HostEntry e : inventory) {
      if (e.name().equals(a.host())) {
        return e.publicKey().equals(connectingKey)
            ? new Verdict(true, "")
            : Verdict.refused(
                "host " + a.host() + " is in the inventory with another key; fix the inventory");
      }
    }
    HostEntry entry =
        new HostEntry(a.host(), endpoint, connectingKey, a.labels(), HostEntry.ANNOUNCED);
    boolean accepted = keys.announced(entry, a.version());
    if (!accepted) {
      LOG.fine(() -> "announcement of " + a.host() + " from " + peerAddress + " is pending");
    }
    return new Verdict(accepted, "");
  }

  /** {@code endpoint} with a wildcard bind address replaced by the address the agent came from. */
  private static String reachable(String endpoint, String peerAddress) {
    if (!endpoint.startsWith("tcp://") || peerAddress.isEmpty()) {
      return endpoint;
    }
    int colon = endpoint.lastIndexOf(':');
    String address = endpoint.substring("tcp://".length(), Math.max(colon, "tcp://".length()));
    if (!WILDCARDS.contains(address)) {
      return endpoint;
    }
    String host = peerAddress.contains(":") ? "[" + peerAddress + "]" : peerAddress;
    return "tcp://" + host + endpoint.substring(colon);
  }
}
