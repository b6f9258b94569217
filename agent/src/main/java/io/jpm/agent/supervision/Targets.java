package io.jpm.agent.supervision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Resolves what users type as targets (id, app name, namespace, "all") to instance ids. */
public final class Targets {
  private Targets() {}

  /**
   * The identity of one instance as targets see it.
   *
   * @param id instance id
   * @param name app name
   * @param namespace app namespace
   */
  public record Key(int id, String name, String namespace) {}

  /**
   * Resolves targets in order, without duplicates. Each target must match something: an unknown one
   * fails the whole call, so a typo never acts on a partial set.
   *
   * @throws CommandException UNKNOWN_TARGET naming the first target that matched nothing, or
   *     INVALID_ARGUMENT when no target is given
   */
  public static List<Integer> resolve(List<String> targets, Collection<Key> instances) {
    if (targets.isEmpty()) {
      throw new CommandException(CommandException.Failure.INVALID_ARGUMENT, "no target given");
    }
    Set<Integer> out = new LinkedHashSet<>();
    for (String target : targets) {
      List<Integer> matched = match(target.trim(), instances);
      if (matched.isEmpty()) {
        throw new CommandException(
            CommandException.Failure.UNKNOWN_TARGET,
            "no app, id or namespace matches '" + target + "'");
      }
      out.addAll(matched);
    }
    return new ArrayList<>(out);
  }

  private static List<Integer> match(String target, Collection<Key> instances) {
    List<Integer> ids = new ArrayList<>();
    boolean numeric = !target.isEmpty() && target.chars().allMatch(Character::isDigit);
    for (Key k : instances) {
      boolean hit =
          target.equals("all")
              || (numeric && target.equals(Integer.toString(k.id())))
              || target.equals(k.name());
      if (hit) {
        ids.add(k.id());
      }
    }
    if (ids.isEmpty()) {
      // A namespace only counts when no app carries the name (pm2's order: name, then namespace).
      for (Key k : instances) {
        if (target.equals(k.namespace())) {
          ids.add(k.id());
        }
      }
    }
    return ids;
  }
}
