package io.jpm.cli.commands;

import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.messages.v1.Event;
import java.time.Duration;
import java.util.Set;

/**
 * A controller's event feed narrowed to some hosts (by Event.host). Closing it leaves the feed
 * open: its owner closes that.
 */
final class HostFilter implements EventStream {
  private final EventStream feed;
  private final Set<String> hosts;

  HostFilter(EventStream feed, Set<String> hosts) {
    this.feed = feed;
    this.hosts = Set.copyOf(hosts);
  }

  @Override
  public Event next() throws ControlException {
    for (Event e = feed.next(); e != null; e = feed.next()) {
      if (hosts.contains(e.getHost())) {
        return e;
      }
    }
    return null;
  }

  /** Null also when the one event that came in time is another host's: callers wait again. */
  @Override
  public Event next(Duration timeout) throws ControlException {
    Event e = feed.next(timeout);
    return e != null && hosts.contains(e.getHost()) ? e : null;
  }

  @Override
  public void close() {
    // the feed is its owner's to close
  }
}
