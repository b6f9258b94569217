package io.jpm.cli.commands;

import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import java.util.List;

/**
 * Which metrics samples a `jpm metrics` target selects (the agent's target rules: "all", an id, an
 * app name, else a namespace), and the topic prefix to subscribe to: {@code metrics.<app>.} for an
 * app name, so the agent drops the other apps' samples before they cross the socket.
 *
 * @param target what the user typed; null for all
 * @param byNamespace true when the target named no app and no id, only a namespace
 */
record MetricsTarget(String target, boolean byNamespace) {

  /**
   * The selection of {@code target}, given the instances the agent listed for it (so an unknown
   * target has already failed).
   */
  static MetricsTarget of(String target, List<ProcessInfo> listed) {
    if (target == null || target.equals("all")) {
      return new MetricsTarget(null, false);
    }
    boolean appOrId =
        listed.stream()
            .anyMatch(
                p -> p.getName().equals(target) || Integer.toString(p.getId()).equals(target));
    return new MetricsTarget(target, !appOrId);
  }

  /** The SUB topic prefix. */
  String topic() {
    boolean numeric = target != null && target.chars().allMatch(Character::isDigit);
    return target == null || byNamespace || numeric ? "metrics." : "metrics." + target + ".";
  }

  /** True when the sample belongs to the target. */
  boolean accepts(Metrics m) {
    if (target == null) {
      return true;
    }
    if (byNamespace) {
      return m.getNamespace().equals(target);
    }
    return m.getApp().equals(target) || Integer.toString(m.getId()).equals(target);
  }
}
