package io.jpm.agent.supervision;

import io.jpm.agent.supervision.CommandException.Failure;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Rolling reloads: replaces running instances one process at a time without lowering capacity.
 *
 * <p>For each instance: a replacement (same id and index, a new private port, outside the process
 * table) is spawned next to the old process; once it is ready its own state machine puts it in
 * rotation (Route), it takes the old one's place in the table, and only then is the old process
 * taken out of rotation: new connections go to the others, while its open ones stay proxied. It is
 * sent its stop signal once those have closed or after {@link #SIGNAL_GRACE} (at most
 * kill_timeout), whichever comes first: a connection already routed to it (one request per
 * connection, or still in its accept backlog) is answered before the signal, and keep-alive
 * connections, which a client never closes on its own, do not hold the signal back until
 * kill_timeout would reset them; a graceful program closes them itself once signalled. The swap
 * ends once it is down (SIGKILL after kill_timeout, as for any stop) and its connections have
 * closed (reset after kill_timeout at the latest). If the replacement fails instead (exits or is
 * not ready within listen_timeout), it is stopped, the old process is never signalled and keeps
 * serving, no further instance of that reload is begun, and the reload fails with the reason.
 *
 * <pre>
 *   WAITING_FOR_READY ── replacement RUNNING ──▶ STOPPING_OLD ── down and drained ──▶ done
 *          │ replacement failed / aborted
 *          ▼
 *      ABORTING (replacement stopping) ── down ──▶ done (reload failed)
 * </pre>
 *
 * <p>Called only on the supervisor loop thread; {@link #changed} after every applied input.
 */
final class Reloads {
  /** How long an old process with open connections keeps serving before its stop signal. */
  static final Duration SIGNAL_GRACE = Duration.ofSeconds(1);

  private enum Phase {
    WAITING_FOR_READY,
    STOPPING_OLD,
    ABORTING
  }

  /** One reload command: the instances it has not begun, and how many run at once. */
  private static final class Rolling {
    final ArrayDeque<ManagedInstance> queue;
    final int parallel;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    int running;
    String failure;

    Rolling(List<ManagedInstance> members, int parallel) {
      this.queue = new ArrayDeque<>(members);
      this.parallel = parallel;
    }
  }

  /** One instance being replaced. */
  private static final class Swap {
    final Rolling rolling;
    final ManagedInstance old;
    final ManagedInstance replacement;
    Phase phase = Phase.WAITING_FOR_READY;
    long replacementPid;
    boolean drained; // the old process's connections have closed (or were reset)
    boolean signalled; // the old process was sent its stop signal

    Swap(Rolling rolling, ManagedInstance old) {
      this.rolling = rolling;
      this.old = old;
      this.replacement = ManagedInstance.replacementFor(old);
    }
  }

  private final InstanceDriver driver;
  private final Map<Integer, ManagedInstance> table;
  private final Function<String, AppSpec> specs;
  private final Executor loop;
  private final Map<Integer, Swap> swaps = new HashMap<>();
  private final List<CompletableFuture<Void>> whenIdle = new ArrayList<>();

  Reloads(
      InstanceDriver driver,
      Map<Integer, ManagedInstance> table,
      Function<String, AppSpec> specs,
      Executor loop) {
    this.driver = driver;
    this.table = table;
    this.specs = specs;
    this.loop = loop;
  }

  /**
   * Refuses instances that a reload is replacing already.
   *
   * @throws CommandException REJECTED_IN_STATE naming the first one
   */
  /** True while instance {@code id} is being replaced. */
  boolean busy(int id) {
    return swaps.containsKey(id);
  }

  void refuseBusy(Collection<Integer> ids) {
    for (int id : ids) {
      Swap sw = swaps.get(id);
      if (sw != null) {
        throw new CommandException(
            Failure.REJECTED_IN_STATE, Waiters.who(sw.old) + " is being reloaded already");
      }
    }
  }

  /**
   * Replaces these RUNNING instances, {@code parallel} at a time. Completes once each is done, or
   * fails with START_FAILED after the first failed replacement (once the replacements already begun
   * have finished; the instances not begun are left alone).
   */
  CompletableFuture<Void> replace(List<ManagedInstance> members, int parallel) {
    Rolling r = new Rolling(members, parallel);
    pump(r);
    return r.done;
  }

  /** Reacts to a change of any instance (in the table or not); called after every input. */
  void changed(ManagedInstance mi) {
    Swap sw = swaps.get(mi.id);
    if (sw == null) {
      return;
    }
    if (mi == sw.replacement) {
      replacementChanged(sw);
    } else if (mi == sw.old) {
      finishWhenOldGone(sw);
    }
  }

  /**
   * Gives up the replacements of these instances that are not ready yet (a user stops, restarts or
   * deletes them): each is stopped and its reload fails with {@code why}.
   */
  void abort(Collection<Integer> ids, String why) {
    for (int id : ids) {
      Swap sw = swaps.get(id);
      if (sw != null && sw.phase == Phase.WAITING_FOR_READY) {
        fail(sw, "aborted: " + why);
      }
    }
  }

  /**
   * Aborts every reload (agent shutdown): replacements not ready yet are stopped, replaced
   * processes (stopping already) are no longer waited for their connections to close. Completes
   * once none of them has a process any more.
   */
  CompletableFuture<Void> abortAll(String why) {
    for (Swap sw : List.copyOf(swaps.values())) {
      if (sw.phase == Phase.WAITING_FOR_READY) {
        fail(sw, "aborted: " + why);
      } else {
        sw.drained = true;
        finishWhenOldGone(sw);
      }
    }
    CompletableFuture<Void> idle = new CompletableFuture<>();
    whenIdle.add(idle);
    settleIdle();
    return idle;
  }

  /**
   * Kills the process of every reload in flight that is outside the process table (a replacement
   * not ready yet, or a replaced process still stopping), for an agent that leaves its apps to the
   * next one: the state it saves knows only the table, so such a process would run on unsupervised.
   * The reloads then end as their processes exit, or with the agent.
   *
   * @return how many processes were killed
   */
  int killShadows() {
    int killed = 0;
    for (Swap sw : swaps.values()) {
      ManagedInstance shadow = table.get(sw.old.id) == sw.old ? sw.replacement : sw.old;
      if (shadow.state.state().hasProcess() && shadow.state.pid() != 0) {
        driver.signal(shadow, "KILL");
        killed++;
      }
    }
    return killed;
  }

  private void pump(Rolling r) {
    while (r.failure == null && r.running < r.parallel && !r.queue.isEmpty()) {
      begin(r, r.queue.poll());
    }
    if (r.running == 0 && (r.failure != null || r.queue.isEmpty())) {
      if (r.failure == null) {
        r.done.complete(null);
      } else {
        r.done.completeExceptionally(new CommandException(Failure.START_FAILED, r.failure));
      }
    }
  }

  private void begin(Rolling r, ManagedInstance old) {
    if (table.get(old.id) != old || old.state.state() != ProcessState.RUNNING) {
      // Deleted, stopped or restarting since the reload began: nothing to replace.
      return;
    }
    Swap sw = new Swap(r, old);
    swaps.put(old.id, sw);
    r.running++;
    driver.note(old, "reload: starting a replacement next to pid " + old.state.pid());
    driver.apply(sw.replacement, new Input.RestartRequested());
  }

  private void replacementChanged(Swap sw) {
    ManagedInstance rep = sw.replacement;
    if (rep.state.pid() != 0) {
      sw.replacementPid = rep.state.pid();
    }
    if (sw.phase == Phase.ABORTING && Waiters.isDown(rep)) {
      finish(sw);
    } else if (sw.phase == Phase.WAITING_FOR_READY) {
      if (rep.failedStarts > 0) {
        fail(sw, rep.startFailure);
      } else if (rep.state.state() == ProcessState.RUNNING) {
        promote(sw);
      }
    }
  }

  /**
   * The replacement is ready and in rotation: it takes the old one's place, and the old one leaves
   * rotation and is signalled at once (its open connections stay proxied until they close).
   */
  private void promote(Swap sw) {
    ManagedInstance old = sw.old;
    ManagedInstance rep = sw.replacement;
    rep.shadow = false;
    rep.reportsTo = null;
    rep.role = null;
    rep.takeHistory(old);
    table.put(rep.id, rep);
    old.shadow = true;
    old.reportsTo = rep;
    old.role = "old process";
    sw.phase = Phase.STOPPING_OLD;
    long oldPid = old.state.pid();
    driver.note(
        rep,
        "reload: pid " + rep.state.pid() + " is ready and in service; pid " + oldPid + " goes out");
    AppSpec spec = specs.apply(old.app);
    CompletableFuture<Void> drained = driver.serving().drain(old, spec);
    if (drained.isDone()) {
      sw.drained = true;
      signalOld(sw);
      finishWhenOldGone(sw);
      return;
    }
    // Signalled once its connections have closed or after a grace, whichever comes first: a
    // connection already routed to it (one request per connection, or still in its accept
    // backlog) is answered before it hears the signal, while keep-alive connections, which never
    // close by themselves, do not hold the signal back until kill_timeout resets them; a graceful
    // app closes those itself once signalled.
    Duration grace =
        SIGNAL_GRACE.compareTo(spec.policy().killTimeout()) < 0
            ? SIGNAL_GRACE
            : spec.policy().killTimeout();
    Scheduler.Cancellable timer = driver.scheduler().schedule(grace, () -> signalOld(sw));
    var unused =
        drained.whenComplete(
            (x, e) ->
                loop.execute(
                    () -> {
                      timer.cancel();
                      sw.drained = true;
                      signalOld(sw);
                      finishWhenOldGone(sw);
                    }));
  }

  /** Sends the old process its stop signal, once (its stop unroutes it again: a no-op now). */
  private void signalOld(Swap sw) {
    if (sw.signalled || sw.phase != Phase.STOPPING_OLD) {
      return;
    }
    sw.signalled = true;
    if (!Waiters.isDown(sw.old)) {
      driver.apply(sw.old, new Input.StopRequested());
    }
  }

  /** Ends the swap once the old process is down and its connections have closed. */
  private void finishWhenOldGone(Swap sw) {
    if (sw.phase == Phase.STOPPING_OLD && sw.drained && Waiters.isDown(sw.old)) {
      finish(sw);
    }
  }

  private void fail(Swap sw, String why) {
    ManagedInstance old = sw.old;
    String pid = sw.replacementPid == 0 ? "" : " (pid " + sw.replacementPid + ")";
    String message =
        Waiters.who(old)
            + ": the replacement"
            + pid
            + " failed: "
            + why
            + "; pid "
            + old.state.pid()
            + " goes on serving";
    if (sw.rolling.failure == null) {
      sw.rolling.failure = message;
    }
    driver.note(old, "reload failed: the replacement" + pid + ": " + why);
    sw.phase = Phase.ABORTING;
    if (Waiters.isDown(sw.replacement)) {
      finish(sw);
    } else {
      driver.apply(sw.replacement, new Input.StopRequested());
    }
  }

  /** The swap is over: the process that left (either one) is forgotten. */
  private void finish(Swap sw) {
    if (swaps.get(sw.old.id) != sw) {
      return;
    }
    swaps.remove(sw.old.id);
    ManagedInstance gone = sw.phase == Phase.ABORTING ? sw.replacement : sw.old;
    gone.removed = true;
    driver.cancelTimers(gone);
    sw.rolling.running--;
    pump(sw.rolling);
    settleIdle();
  }

  private void settleIdle() {
    if (swaps.isEmpty()) {
      whenIdle.forEach(f -> f.complete(null));
      whenIdle.clear();
    }
  }
}
