package io.jpm.agent.supervision;

import io.jpm.agent.supervision.CommandException.Failure;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Commands waiting for instances to reach a state: `start` waits for RUNNING, `stop` for no
 * process, `delete` for removal. Touched only on the supervisor loop thread.
 *
 * <p>A waiter is armed only after its command has fed all its inputs, so a half-applied command
 * (one instance restarted, the next not yet) is never judged.
 */
final class Waiters {

  /** One waiting command. */
  static final class Waiter {
    private final List<ManagedInstance> members;
    private final Predicate<ManagedInstance> done;
    private final Function<ManagedInstance, String> failure;
    private final Function<List<ManagedInstance>, List<InstanceSnapshot>> result;
    private final CompletableFuture<List<InstanceSnapshot>> future = new CompletableFuture<>();
    private boolean armed;

    private Waiter(
        List<ManagedInstance> members,
        Predicate<ManagedInstance> done,
        Function<ManagedInstance, String> failure,
        Function<List<ManagedInstance>, List<InstanceSnapshot>> result) {
      this.members = members;
      this.done = done;
      this.failure = failure;
      this.result = result;
    }

    /** Completes when every member is done, or fails at the first failed member. */
    CompletableFuture<List<InstanceSnapshot>> future() {
      return future;
    }
  }

  private final List<Waiter> pending = new ArrayList<>();

  /**
   * Registers a waiter, not yet armed.
   *
   * @param failure returns a reason when a member can no longer get done, else null
   */
  Waiter add(
      List<ManagedInstance> members,
      Predicate<ManagedInstance> done,
      Function<ManagedInstance, String> failure,
      Function<List<ManagedInstance>, List<InstanceSnapshot>> result) {
    Waiter w = new Waiter(List.copyOf(members), done, failure, result);
    pending.add(w);
    return w;
  }

  /** Arms a waiter after its command has applied its inputs, and judges it at once. */
  CompletableFuture<List<InstanceSnapshot>> arm(Waiter w) {
    w.armed = true;
    settle();
    return w.future;
  }

  /** Judges every armed waiter after a change, completing those that are settled. */
  void settle() {
    pending.removeIf(w -> w.armed && (w.future.isDone() || judge(w)));
  }

  private static boolean judge(Waiter w) {
    for (ManagedInstance mi : w.members) {
      String reason = w.failure.apply(mi);
      if (reason != null) {
        w.future.completeExceptionally(new CommandException(Failure.START_FAILED, reason));
        return true;
      }
    }
    if (w.members.stream().allMatch(w.done)) {
      w.future.complete(w.result.apply(w.members));
      return true;
    }
    return false;
  }

  /** True when the instance has no process and is not about to get one by itself. */
  static boolean isDown(ManagedInstance mi) {
    return mi.removed
        || (!mi.state.state().hasProcess() && mi.state.state() != ProcessState.BACKOFF);
  }

  /** Why a starting instance will not come up without a user action, or null. */
  static String failedToStart(ManagedInstance mi) {
    String who = who(mi);
    if (mi.removed) {
      return who + " was deleted";
    }
    return switch (mi.state.state()) {
      case FATAL, EXITED -> who + ": " + mi.lastReason();
      case STOPPED -> who + " was stopped before it came up";
      default -> null;
    };
  }

  /**
   * Like {@link #failedToStart}, and also fails on a start that fails from now on (an exit or a
   * readiness timeout before ready), with its reason, even though the instance tries again.
   */
  static Function<ManagedInstance, String> failedToStartFromNow(List<ManagedInstance> members) {
    IdentityHashMap<ManagedInstance, Integer> before = new IdentityHashMap<>();
    members.forEach(mi -> before.put(mi, mi.failedStarts));
    return mi -> {
      if (mi.failedStarts > before.getOrDefault(mi, 0)) {
        return who(mi) + ": " + mi.startFailure;
      }
      return failedToStart(mi);
    };
  }

  /** "app 'web' instance 0 (id 3)", for messages. */
  static String who(ManagedInstance mi) {
    return "app '" + mi.app + "' instance " + mi.index + " (id " + mi.id + ")";
  }

  /** Never fails. */
  static String never(ManagedInstance mi) {
    return null;
  }
}
