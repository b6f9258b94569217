package io.jpm.agent.supervision;

/** Port for publishing what happens; implemented by the transport's PUB socket. */
public interface EventSink {

  /**
   * An instance changed state (or was deleted). Called on the supervisor loop thread; must not
   * block.
   *
   * @param snapshot the instance after the change
   * @param previous its state before
   * @param reason what happened and which rule fired
   * @param deleted true when the instance no longer exists
   */
  void stateChanged(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted);

  /** An EventSink that drops everything. */
  static EventSink none() {
    return (snapshot, previous, reason, deleted) -> {};
  }
}
