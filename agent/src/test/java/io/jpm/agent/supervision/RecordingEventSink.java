package io.jpm.agent.supervision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An EventSink that keeps every event, readable from any thread. */
public final class RecordingEventSink implements EventSink {

  /**
   * One recorded call.
   *
   * @param snapshot the instance after the change
   * @param previous its state before
   * @param reason why
   * @param deleted true when the instance was deleted
   */
  public record Event(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void stateChanged(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {
    events.add(new Event(snapshot, previous, reason, deleted));
  }

  /** Every event so far, oldest first. */
  public List<Event> all() {
    return List.copyOf(events);
  }

  /** The events of one instance, oldest first. */
  public List<Event> of(int id) {
    return events.stream().filter(e -> e.snapshot().id() == id).toList();
  }

  /** The states one instance went through, one per event, oldest first. */
  public List<ProcessState> statesOf(int id) {
    return of(id).stream().map(e -> e.snapshot().state()).toList();
  }

  /** Every pid any event showed. */
  public List<Long> pids() {
    return events.stream().map(e -> e.snapshot().pid()).filter(p -> p > 0).distinct().toList();
  }
}
