package io.jpm.cli.commands;

/**
 * How many instances to run: a number, or one per CPU.
 *
 * @param count the number of instances when not {@code max}
 * @param max one instance per CPU
 */
public record InstanceCount(int count, boolean max) {
  /** One instance per CPU. */
  public static final InstanceCount MAX = new InstanceCount(0, true);
}
