package io.jpm.agent.supervision;

import java.util.List;

/**
 * The outcome of one input: the new record, the side effects to run in order, and why.
 *
 * @param next the instance's record after the input
 * @param actions side effects for the shell, executed in list order
 * @param reason human-readable cause, published with the state change; empty when nothing worth
 *     reporting happened
 */
public record Decision(InstanceState next, List<Action> actions, String reason) {

  /** Nothing happens: same record, no actions. */
  public static Decision ignore(InstanceState state) {
    return new Decision(state, List.of(), "");
  }

  /** A decision with actions and a reason. */
  public static Decision to(InstanceState next, String reason, Action... actions) {
    return new Decision(next, List.of(actions), reason);
  }
}
