package io.jpm.controller;

import io.jpm.agent.AgentNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The controller's TCP endpoints, checked: CURVE control on each {@code --bind} PORT and events on
 * PORT+1 (the agent's rule, {@link AgentNetwork}), and the announce endpoints. Port 0 lets the
 * kernel pick.
 *
 * @param control the control endpoints to bind
 * @param events the event (PUB) endpoints to bind
 * @param announce the announce endpoints to bind
 */
record RemoteBinds(List<String> control, List<String> events, List<String> announce) {
  private static final Pattern TCP =
      Pattern.compile("tcp://(\\[[^\\]]+\\]|[^:/\\[\\]]+):(\\d{1,5})");

  /**
   * Checks {@code --bind} and {@code --announce-bind} values.
   *
   * @throws IllegalArgumentException naming the option and the value that is wrong
   */
  static RemoteBinds of(List<String> binds, List<String> announceBinds) {
    List<String> control = new ArrayList<>();
    List<String> events = new ArrayList<>();
    for (String b : binds) {
      AgentNetwork n = new AgentNetwork(Optional.of(b), Map.of(), Optional.empty());
      control.add(n.controlBind().orElseThrow());
      events.add(n.eventsBind().orElseThrow());
    }
    List<String> announce = new ArrayList<>();
    for (String b : announceBinds) {
      Matcher m = TCP.matcher(b);
      if (!m.matches() || Integer.parseInt(m.group(2)) > 65535) {
        throw new IllegalArgumentException(
            "--announce-bind expects tcp://ADDR:PORT (e.g. tcp://10.0.0.1:7800), got '" + b + "'");
      }
      announce.add(m.group(2).equals("0") ? "tcp://" + m.group(1) + ":*" : b);
    }
    return new RemoteBinds(List.copyOf(control), List.copyOf(events), List.copyOf(announce));
  }

  /** Whether any CURVE endpoint is bound (then the ZAP handler must run first). */
  boolean any() {
    return !control.isEmpty() || !announce.isEmpty();
  }

  /** The PUB binds: the local endpoint first, then the TCP ones. */
  List<String> pubBinds(String local) {
    List<String> out = new ArrayList<>();
    out.add(local);
    out.addAll(events);
    return List.copyOf(out);
  }
}
