package io.jpm.controller;

import io.jpm.agent.AgentPaths;
import java.nio.file.Path;

/**
 * Where a controller keeps its files in JPM_HOME, next to (and apart from) an agent's: its sockets
 * {@code ctl.sock} and {@code ctl-pub.sock} (in the agent's socket directory, so the same rule for
 * too-long paths applies), {@code controller.pid}, {@code controller.lock}, {@code inventory.yaml}.
 *
 * @param agent the home's agent paths
 */
public record ControllerPaths(AgentPaths agent) {

  /** The controller paths of {@code home}. */
  public static ControllerPaths of(Path home) {
    return new ControllerPaths(new AgentPaths(home));
  }

  /** JPM_HOME. */
  public Path home() {
    return agent.home();
  }

  /** ZeroMQ endpoint of the local control socket (owner-only). */
  public String controlEndpoint() {
    return "ipc://" + agent.socketDir().resolve("ctl.sock");
  }

  /** ZeroMQ endpoint of the local event (PUB) socket. */
  public String eventsEndpoint() {
    return "ipc://" + agent.socketDir().resolve("ctl-pub.sock");
  }

  /** The controller's pid, written while it runs. */
  public Path pidFile() {
    return home().resolve("controller.pid");
  }

  /** Held locked by the running controller: one controller per JPM_HOME. */
  public Path lockFile() {
    return home().resolve("controller.lock");
  }

  /** The default inventory. */
  public Path defaultInventory() {
    return home().resolve("inventory.yaml");
  }

  /** The home's {@code keys/} directory. */
  public Path keysDir() {
    return home().resolve("keys");
  }
}
