package io.jpm.cli.client;

import io.jpm.agent.AgentPaths;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Request;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Connects to the agent of one JPM_HOME over its {@code ipc://} sockets, spawning it when none
 * answers: when the control socket file is missing, or a ping gets no answer within a second.
 */
public final class LocalAgentConnector implements AgentConnector {
  private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(1);

  private final AgentPaths paths;
  private final Function<String, ControlClient> clients;
  private final AgentSpawner spawner;

  /**
   * A connector.
   *
   * @param clients opens a client for a control endpoint (normally {@code ZmqControlClient::new})
   */
  public LocalAgentConnector(
      AgentPaths paths, Function<String, ControlClient> clients, AgentSpawner spawner) {
    this.paths = paths;
    this.clients = clients;
    this.spawner = spawner;
  }

  @Override
  public ControlClient connect(boolean spawnIfAbsent) throws ControlException {
    boolean socketExists = Files.exists(socketFile(paths.controlEndpoint()));
    if (!spawnIfAbsent && !socketExists) {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE, "no agent is running for " + paths.home());
    }
    ControlClient client = clients.apply(paths.controlEndpoint());
    try {
      if (spawnIfAbsent && !(socketExists && answers(client, LIVENESS_TIMEOUT))) {
        spawner.spawn(timeout -> answers(client, timeout));
      }
      return client;
    } catch (ControlException | RuntimeException e) {
      client.close();
      throw e;
    }
  }

  @Override
  public EventStream subscribe() {
    return new ZmqEventStream(paths.eventsEndpoint());
  }

  @Override
  public EventStream subscribe(List<String> topics) {
    return new ZmqEventStream(paths.eventsEndpoint(), topics);
  }

  /** Any reply, even an error, means an agent is there. */
  private static boolean answers(ControlClient client, Duration timeout) {
    Request ping = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
    try {
      client.call(ping, timeout);
      return true;
    } catch (ControlException e) {
      return e.kind() == ControlException.Kind.BAD_REPLY;
    }
  }

  /** The socket file of an {@code ipc://} endpoint. */
  static Path socketFile(String endpoint) {
    return Path.of(endpoint.substring(endpoint.indexOf("://") + 3));
  }
}
