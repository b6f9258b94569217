package io.jpm.agent;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an agent takes part in a fleet (docs/fleet.md): its labels, its CURVE TCP endpoints ({@code
 * jpm agent --bind}) and the controller it announces itself to.
 *
 * @param bind {@code tcp://ADDR:PORT}: control on PORT, events on PORT+1 (port 0: both picked by
 *     the kernel); empty for no TCP endpoints
 * @param labels the agent's labels ({@code --label k=v}), for {@code label:k=v} host selection
 * @param controller where to announce this agent; needs {@code bind}
 */
public record AgentNetwork(
    Optional<String> bind, Map<String, String> labels, Optional<Controller> controller) {

  /** No labels, no TCP endpoints, no controller: the local ipc:// sockets only. */
  public static final AgentNetwork LOCAL =
      new AgentNetwork(Optional.empty(), Map.of(), Optional.empty());

  private static final Pattern TCP =
      Pattern.compile("tcp://(\\[[^\\]]+\\]|[^:/\\[\\]]+):(\\d{1,5})");

  /**
   * The controller an agent announces itself to, and whose key it authorizes as operator.
   *
   * @param endpoint the controller's announce endpoint, {@code tcp://HOST:PORT}
   * @param publicKey the controller's CURVE public key (Z85)
   */
  public record Controller(String endpoint, String publicKey) {
    /** Checks the endpoint. */
    public Controller {
      checkTcp(endpoint, "--controller");
    }
  }

  /** Checks the bind address and that a controller comes with one. */
  public AgentNetwork {
    labels = Map.copyOf(labels);
    bind.ifPresent(b -> checkTcp(b, "--bind"));
    if (controller.isPresent() && bind.isEmpty()) {
      throw new IllegalArgumentException(
          "--controller needs --bind: the controller connects back to the agent's TCP endpoints");
    }
  }

  /** The control endpoint to bind, e.g. {@code tcp://10.0.0.2:7700}; port 0 becomes {@code *}. */
  public Optional<String> controlBind() {
    return bind.map(b -> endpoint(b, 0));
  }

  /** The event endpoint to bind: the control port + 1, or a kernel-picked one for port 0. */
  public Optional<String> eventsBind() {
    return bind.map(b -> endpoint(b, 1));
  }

  private static String endpoint(String bind, int offset) {
    Matcher m = TCP.matcher(bind);
    if (!m.matches()) {
      throw new IllegalStateException("checked in the constructor: " + bind);
    }
    int port = Integer.parseInt(m.group(2));
    return "tcp://" + m.group(1) + ":" + (port == 0 ? "*" : String.valueOf(port + offset));
  }

  private static void checkTcp(String endpoint, String option) {
    Matcher m = TCP.matcher(endpoint);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + " expects tcp://ADDR:PORT (e.g. tcp://10.0.0.2:7700), got '" + endpoint + "'");
    }
    int port = Integer.parseInt(m.group(2));
    if (port > 65534) {
      throw new IllegalArgumentException(
          option + ": port " + port + " is out of range (0-65534: events use PORT+1)");
    }
  }
}
