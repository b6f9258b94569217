package io.jpm.controller.transport;

import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.ProcessInfo;
import java.util.List;

/** Told what arrives from the agents (the fleet /metrics); called only on the IO thread. */
public interface FleetSink {
  /** One event from {@code host}'s feed. */
  default void event(String host, Event event) {}

  /** {@code host}'s full process list, after a (re)sync. */
  default void listed(String host, List<ProcessInfo> processes) {}

  /** {@code host} is no longer followed. */
  default void closed(String host) {}
}
