package io.jpm.agent.supervision;

import java.time.Instant;

/**
 * One entry of an instance's bounded history, so `describe` can say why it is where it is.
 *
 * @param at when
 * @param from state before
 * @param to state after
 * @param reason what happened and which rule fired
 */
public record InstanceEvent(Instant at, ProcessState from, ProcessState to, String reason) {}
