package io.jpm.controller.testing;

import io.jpm.agent.Agent;
import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.controller.Controller;
import io.jpm.controller.ControllerConfig;
import io.jpm.controller.ControllerPaths;
import io.jpm.controller.fleet.Connection;
import io.jpm.controller.fleet.HostSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Real agents (fake processes, real sockets) in separate temp JPM_HOMEs, an inventory naming them
 * by ipc:// endpoint with labels, and a controller in its own home. Closes everything it started.
 */
public final class TestFleet implements AutoCloseable {
  /** How long a test waits for the fleet to settle. */
  public static final Duration WAIT = Duration.ofSeconds(20);

  private final Path root;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, SynchronizedLauncher> launchers = new LinkedHashMap<>();
  private final StringBuilder inventory = new StringBuilder("hosts:\n");
  private Controller controller;

  /** A fleet under {@code root} (a @TempDir). */
  public TestFleet(Path root) {
    this.root = root;
  }

  /** Starts an agent named {@code host} and lists it in the inventory with {@code role}. */
  public TestFleet agent(String host, String role) throws IOException {
    AgentPaths paths = new AgentPaths(root.resolve(host));
    SynchronizedLauncher launcher = new SynchronizedLauncher();
    AgentConfig config =
        AgentConfig.defaults(paths, host).withMetrics(Duration.ofMillis(200), Optional.empty());
    agents.put(host, Agent.start(config, launcher, UsageMeter.none()));
    launchers.put(host, launcher);
    return listed(host, paths.controlEndpoint(), role);
  }

  /** Lists a host in the inventory that no agent serves. */
  public TestFleet ghost(String host) {
    return listed(host, "ipc://" + root.resolve("nowhere-" + host + ".sock"), "ghost");
  }

  private TestFleet listed(String host, String endpoint, String role) {
    inventory
        .append("  - host: ")
        .append(host)
        .append("\n    endpoint: ")
        .append(endpoint)
        .append("\n    labels: {role: ")
        .append(role)
        .append("}\n");
    return this;
  }

  /** Starts (or restarts) the controller and waits until every agent is connected and listed. */
  public Controller startController() throws IOException {
    Path file = root.resolve("inventory.yaml");
    Files.writeString(file, inventory);
    ControllerConfig config =
        ControllerConfig.defaults(ControllerPaths.of(root.resolve("controller")), "ctl")
            .withInventory(file);
    controller = Controller.start(config);
    for (String host : agents.keySet()) {
      Await.until(host + " connected and listed", WAIT, () -> synced(host));
    }
    return controller;
  }

  private boolean synced(String host) {
    Optional<HostSnapshot> h = controller.view().host(host, Instant.now());
    return h.isPresent()
        && h.get().connection() == Connection.CONNECTED
        && !h.get().eventsEndpoint().isEmpty();
  }

  /** The running controller. */
  public Controller controller() {
    return controller;
  }

  /** The agent of {@code host}. */
  public Agent agentOf(String host) {
    return agents.get(host);
  }

  /** The fake launcher of {@code host}'s agent. */
  public SynchronizedLauncher launcher(String host) {
    return launchers.get(host);
  }

  /** Stops the controller (a restart test starts another). */
  public void stopController() {
    if (controller != null) {
      controller.close();
      controller = null;
    }
  }

  /** Stops {@code host}'s agent. */
  public void stopAgent(String host) {
    agents.remove(host).close();
  }

  @Override
  public void close() {
    stopController();
    agents.values().forEach(Agent::close);
    agents.clear();
  }
}
