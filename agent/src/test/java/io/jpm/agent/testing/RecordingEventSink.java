package io.jpm.agent.testing;

import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import java.util.ArrayList;
import java.util.List;

/** An EventSink that records every state change, safe to read from any thread. */
public final class RecordingEventSink implements EventSink {

  /**
   * One recorded change.
   *
   * @param snapshot the instance after the change
   * @param previous its state before
   * @param reason the reason given
   * @param deleted whether the instance was deleted
   */
  public record Change(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {}

  private final List<Change> changes = new ArrayList<>();

  @Override
  public synchronized void stateChanged(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {
    changes.add(new Change(snapshot, previous, reason, deleted));
  }

  /** A copy of everything recorded so far. */
  public synchronized List<Change> changes() {
    return List.copyOf(changes);
  }

  /** The reasons recorded for one instance id, in order. */
  public synchronized List<String> reasons(int id) {
    return changes.stream().filter(c -> c.snapshot().id() == id).map(Change::reason).toList();
  }
}
