package io.jpm.cli.client;

import io.jpm.agent.AgentPaths;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the controller is and how to authenticate it: a local {@code ipc://} socket (owner-only, no
 * key), or a {@code tcp://HOST:PORT} endpoint with the controller's CURVE public key.
 *
 * @param endpoint the control endpoint, without any {@code #KEY} suffix
 * @param serverKey the controller's public key (Z85, 40 characters) for tcp; null for ipc
 */
public record ControllerAddress(String endpoint, String serverKey) {
  /** The environment variable that names the controller when --controller is not given. */
  public static final String ENDPOINT_VARIABLE = "JPM_CONTROLLER";

  /** The environment variable with the controller's public key for a tcp endpoint. */
  public static final String KEY_VARIABLE = "JPM_CONTROLLER_KEY";

  /** Socket file name of the local controller's control socket (beside the agent's). */
  public static final String LOCAL_CONTROL_SOCKET = "ctl.sock";

  private static final Pattern Z85_KEY =
      Pattern.compile("[0-9a-zA-Z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}");
  private static final Pattern TCP = Pattern.compile("tcp://[^:/#]+:\\d{1,5}");

  /**
   * The controller a fleet command talks to: {@code option} (--controller), else {@code
   * JPM_CONTROLLER}, else the local controller of {@code paths}' JPM_HOME.
   *
   * @throws IllegalArgumentException naming what is wrong with the endpoint or its key
   */
  public static ControllerAddress resolve(
      String option, Map<String, String> env, AgentPaths paths) {
    String text = option != null ? option : env.get(ENDPOINT_VARIABLE);
    if (text == null || text.isBlank()) {
      return local(paths);
    }
    int hash = text.indexOf('#');
    String endpoint = hash < 0 ? text : text.substring(0, hash);
    String key = hash < 0 ? env.get(KEY_VARIABLE) : text.substring(hash + 1);
    if (endpoint.startsWith("ipc://")) {
      if (endpoint.length() == "ipc://".length()) {
        throw new IllegalArgumentException("controller endpoint '" + text + "' names no socket");
      }
      return new ControllerAddress(endpoint, null);
    }
    if (!TCP.matcher(endpoint).matches()) {
      throw new IllegalArgumentException(
          "controller endpoint '" + text + "' is not ipc://PATH or tcp://HOST:PORT[#KEY]");
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "a tcp controller needs its public key: --controller "
              + endpoint
              + "#KEY or "
              + KEY_VARIABLE
              + " (the controller prints it: jpm keys)");
    }
    if (!Z85_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "controller key '" + key + "' is not a Z85 public key (40 characters)");
    }
    return new ControllerAddress(endpoint, key);
  }

  /** The local controller of a JPM_HOME: its {@code ipc://} control socket. */
  public static ControllerAddress local(AgentPaths paths) {
    return new ControllerAddress("ipc://" + paths.socketDir().resolve(LOCAL_CONTROL_SOCKET), null);
  }

  /** True for a tcp endpoint (CURVE). */
  public boolean remote() {
    return serverKey != null;
  }

  /**
   * The event endpoint to subscribe to, given what the controller's PingReply says: for ipc its
   * events endpoint; for tcp the host of this address with the port of its remote events endpoint
   * (the controller may have bound 0.0.0.0).
   */
  public Optional<String> eventsEndpoint(String localEvents, String remoteEvents) {
    if (!remote()) {
      return localEvents.isEmpty() ? Optional.empty() : Optional.of(localEvents);
    }
    int colon = remoteEvents.lastIndexOf(':');
    if (remoteEvents.isEmpty() || colon < 0) {
      return Optional.empty();
    }
    String host = endpoint.substring(0, endpoint.lastIndexOf(':'));
    return Optional.of(host + remoteEvents.substring(colon));
  }
}
