package io.jpm.agent.supervision;

/**
 * What {@link Supervisor#restore} did with the instances a previous agent left.
 *
 * @param adopted instances whose process still ran and was taken over, pid kept
 * @param started instances wanted up whose process was gone (or had none), started again
 * @param stopped instances not wanted up, left stopped
 */
public record RestoreReport(int adopted, int started, int stopped) {}
