package io.jpm.agent.testing;

import io.jpm.agent.supervision.ReadinessProbe;
import io.jpm.agent.supervision.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A readiness probe the test drives: it remembers which processes are being probed and reports
 * "ready" or "not yet" for one of them when the test says so. Single-threaded, like the supervisor.
 */
public final class FakeProbe implements ReadinessProbe {
  private final Map<Long, Listener> probing = new LinkedHashMap<>();
  private final List<Target> started = new ArrayList<>();
  private final Consumer<String> journal;

  /** A probe that journals nothing. */
  public FakeProbe() {
    this(line -> {});
  }

  /** A probe that journals "probe PID" for each start and "ready PID" for each verdict. */
  public FakeProbe(Consumer<String> journal) {
    this.journal = journal;
  }

  @Override
  public Scheduler.Cancellable start(Target target, Listener listener) {
    started.add(target);
    probing.put(target.pid(), listener);
    journal.accept("probe " + target.pid());
    return () -> probing.remove(target.pid(), listener);
  }

  /** Reports that the process with this pid passed its check. */
  public void ready(long pid) {
    Listener l = probing.remove(pid);
    if (l == null) {
      throw new IllegalStateException("pid " + pid + " is not being probed; probing " + probing);
    }
    journal.accept("ready " + pid);
    l.ready();
  }

  /** Reports why the process with this pid has not passed its check yet. */
  public void notYet(long pid, String reason) {
    probing.get(pid).notYet(reason);
  }

  /** True while the process with this pid is probed. */
  public boolean isProbing(long pid) {
    return probing.containsKey(pid);
  }

  /** Every probe started so far, in order. */
  public List<Target> started() {
    return List.copyOf(started);
  }
}
