package io.jpm.controller.fleet;

import java.util.Map;

/**
 * A host the controller should follow, as the inventory or an accepted announcement declares it.
 *
 * @param name the host name (its fleet identity, unique)
 * @param endpoint the agent's control endpoint: {@code tcp://HOST:PORT} or {@code ipc:///path}
 * @param publicKey the agent's CURVE public key (Z85); empty for an ipc:// endpoint
 * @param labels labels for {@code label:key=value} targeting (the agent's own are added to them)
 * @param source where the host comes from: {@link #INVENTORY} or {@link #ANNOUNCED}
 */
public record HostEntry(
    String name, String endpoint, String publicKey, Map<String, String> labels, String source) {
  /** Declared in the inventory file. */
  public static final String INVENTORY = "inventory";

  /** Announced by the agent and accepted with `jpm keys accept`. */
  public static final String ANNOUNCED = "announced";

  /** Defensive copy. */
  public HostEntry {
    labels = Map.copyOf(labels);
  }
}
