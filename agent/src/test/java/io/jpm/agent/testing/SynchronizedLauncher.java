package io.jpm.agent.testing;

import io.jpm.agent.supervision.ProcessLauncher;
import java.util.function.IntConsumer;

/**
 * A {@link FakeLauncher} safe to share between a running agent's loop thread and a test thread:
 * every call takes one lock.
 */
public final class SynchronizedLauncher implements ProcessLauncher {
  private final FakeLauncher fake = new FakeLauncher();

  /** Processes of this app ignore the stop signal (only KILL ends them). */
  public synchronized void ignoreTerm(String app) {
    fake.ignoreTerm(app);
  }

  /** Spawning processes of this app fails from now on. */
  public synchronized void failToSpawn(String app) {
    fake.failToSpawn(app);
  }

  /** Makes a live process exit with {@code code}; false when no such process is live. */
  public synchronized boolean exit(long pid, int code) {
    FakeLauncher.FakeProcess p = fake.process(pid);
    if (p == null) {
      return false;
    }
    p.exit(code);
    return true;
  }

  /** Number of live processes. */
  public synchronized int liveCount() {
    return fake.liveCount();
  }

  @Override
  public synchronized LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
    return guarded(fake.spawn(request));
  }

  @Override
  public synchronized LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
    return guarded(fake.adopt(request));
  }

  /** Leaves a process of a "previous agent" for {@link #adopt} to take over. */
  public synchronized void leaveOrphan(long pid, String app) {
    fake.leaveOrphan(pid, app);
  }

  private LaunchedProcess guarded(LaunchedProcess p) {
    return new LaunchedProcess() {
      @Override
      public long pid() {
        return p.pid();
      }

      @Override
      public long startTicks() {
        return p.startTicks();
      }

      @Override
      public void onExit(IntConsumer exitCode) {
        synchronized (SynchronizedLauncher.this) {
          p.onExit(exitCode);
        }
      }
    };
  }

  @Override
  public synchronized void signalGroup(long pgid, String signal) {
    fake.signalGroup(pgid, signal);
  }

  @Override
  public synchronized LogFiles logFiles(String app, int index) {
    return fake.logFiles(app, index);
  }
}
