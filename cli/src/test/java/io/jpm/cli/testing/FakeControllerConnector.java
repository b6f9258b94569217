package io.jpm.cli.testing;

import io.jpm.cli.client.ControlClient;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.ControllerAddress;
import io.jpm.cli.client.ControllerConnector;
import io.jpm.cli.client.EventStream;
import io.jpm.messages.v1.Event;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A {@link ControllerConnector} in front of a {@link FakeControlClient}: a controller that answers
 * or not, with a fixed event feed; records the addresses and event endpoints asked for.
 */
public final class FakeControllerConnector implements ControllerConnector {
  private final FakeControlClient client;
  private final List<ControllerAddress> addresses = new ArrayList<>();
  private final List<String> eventEndpoints = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private boolean running = true;

  /** A running fake controller answering through {@code client}. */
  public FakeControllerConnector(FakeControlClient client) {
    this.client = client;
  }

  /** Makes the controller absent: connecting fails as with no socket. */
  public FakeControllerConnector notRunning() {
    running = false;
    return this;
  }

  /** Events the feed delivers before it ends. */
  public FakeControllerConnector publishes(List<Event> feed) {
    events.addAll(feed);
    return this;
  }

  @Override
  public ControlClient connect(ControllerAddress address) throws ControlException {
    addresses.add(address);
    if (!running) {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE, "no socket at " + address.endpoint());
    }
    return client;
  }

  @Override
  public EventStream subscribe(
      ControllerAddress address, String eventsEndpoint, List<String> topics) {
    eventEndpoints.add(eventsEndpoint);
    Deque<Event> feed = new ArrayDeque<>(events);
    return new EventStream() {
      @Override
      public Event next() {
        return feed.poll();
      }

      @Override
      public Event next(Duration timeout) {
        return feed.poll();
      }

      @Override
      public void close() {}
    };
  }

  /** The address of every connect, in order. */
  public List<ControllerAddress> addresses() {
    return addresses;
  }

  /** The event endpoint of every subscribe, in order. */
  public List<String> eventEndpoints() {
    return eventEndpoints;
  }
}
