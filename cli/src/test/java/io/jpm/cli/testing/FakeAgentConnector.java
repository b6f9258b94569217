package io.jpm.cli.testing;

import io.jpm.cli.client.AgentConnector;
import io.jpm.cli.client.ControlClient;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.messages.v1.Event;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An {@link AgentConnector} in front of a {@link FakeControlClient}: an agent that runs or not,
 * whose "spawn" is only counted, and whose event feed is a fixed list.
 */
public final class FakeAgentConnector implements AgentConnector {
  private final FakeControlClient client;
  private final List<Boolean> connects = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final List<List<String>> subscriptions = new ArrayList<>();
  private boolean running = true;
  private int spawns;
  private String spawnFailure;

  /** A running fake agent answering through {@code client}. */
  public FakeAgentConnector(FakeControlClient client) {
    this.client = client;
  }

  /** Makes the fake agent absent: it is "spawned" when allowed, else unreachable. */
  public FakeAgentConnector notRunning() {
    running = false;
    return this;
  }

  /** Makes the fake agent absent, and spawning it fail with {@code message}. */
  public FakeAgentConnector failsToSpawn(String message) {
    running = false;
    spawnFailure = message;
    return this;
  }

  /** Events the feed delivers before it ends. */
  public FakeAgentConnector publishes(List<Event> feed) {
    events.addAll(feed);
    return this;
  }

  @Override
  public ControlClient connect(boolean spawnIfAbsent) throws ControlException {
    connects.add(spawnIfAbsent);
    if (!running) {
      if (!spawnIfAbsent) {
        throw new ControlException(
            ControlException.Kind.UNREACHABLE, "no agent is running for /fake/home");
      }
      spawns++;
      if (spawnFailure != null) {
        throw new ControlException(ControlException.Kind.SPAWN_FAILED, spawnFailure);
      }
      running = true;
    }
    return client;
  }

  /** Records the topics, then delivers the whole feed (callers filter, as the interface allows). */
  @Override
  public EventStream subscribe(List<String> topics) {
    subscriptions.add(List.copyOf(topics));
    return subscribe();
  }

  @Override
  public EventStream subscribe() {
    Deque<Event> feed = new ArrayDeque<>(events);
    return new EventStream() {
      @Override
      public Event next() {
        return feed.poll();
      }

      /** The feed never makes anyone wait: null once it is empty. */
      @Override
      public Event next(Duration timeout) {
        return feed.poll();
      }

      @Override
      public void close() {}
    };
  }

  /** The spawnIfAbsent argument of every connect, in order. */
  public List<Boolean> connects() {
    return connects;
  }

  /** The topic prefixes of every subscribe(topics), in order. */
  public List<List<String>> subscriptions() {
    return subscriptions;
  }

  /** How many times an agent was "spawned". */
  public int spawns() {
    return spawns;
  }
}
