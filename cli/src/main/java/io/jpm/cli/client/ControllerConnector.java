package io.jpm.cli.client;

import java.util.List;

/** Opens connections to a controller (`jpm --hosts ...`); the seam where tests put a fake one. */
public interface ControllerConnector {

  /**
   * Opens a control client to the controller at {@code address}. Never starts anything.
   *
   * @throws ControlException {@link ControlException.Kind#UNREACHABLE} at once when a local
   *     controller's socket does not exist, or when the client cannot be set up (keys)
   */
  ControlClient connect(ControllerAddress address) throws ControlException;

  /**
   * Subscribes to the controller's event feed at {@code eventsEndpoint} (from its PingReply), to
   * the topics starting with one of {@code topics} (all when empty).
   */
  EventStream subscribe(ControllerAddress address, String eventsEndpoint, List<String> topics)
      throws ControlException;
}
