package io.jpm.agent.testing;

import io.jpm.agent.supervision.ProcessLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A launcher with no OS behind it (Nomad's mock driver): processes exist until the test makes them
 * exit, or until a signal that they do not ignore. Single-threaded, like the supervisor.
 */
public final class FakeLauncher implements ProcessLauncher {
  private final Map<Long, FakeProcess> live = new LinkedHashMap<>();
  private final List<LaunchRequest> launches = new ArrayList<>();
  private final List<String> signals = new ArrayList<>();
  private final Set<String> failToSpawn = new HashSet<>();
  private final Set<String> ignoreTerm = new HashSet<>();
  private long nextPid;

  /** A launcher whose first process gets pid 1000. */
  public FakeLauncher() {
    this(1000);
  }

  /** A launcher whose first process gets {@code firstPid} (two "agents" must not share pids). */
  public FakeLauncher(long firstPid) {
    this.nextPid = firstPid;
  }

  /** One fake process. */
  public final class FakeProcess implements LaunchedProcess {
    private final long pid;
    private final LaunchRequest request;
    private IntConsumer onExit = code -> {};

    private FakeProcess(long pid, LaunchRequest request) {
      this.pid = pid;
      this.request = request;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public long startTicks() {
      return pid * 10;
    }

    @Override
    public void onExit(IntConsumer exitCode) {
      this.onExit = exitCode;
    }

    /** Makes the process exit with {@code code} (128+N for signal N). */
    public void exit(int code) {
      if (live.remove(pid) != null) {
        onExit.accept(code);
      }
    }

    /** The request that created it. */
    public LaunchRequest request() {
      return request;
    }
  }

  /** Spawning processes of this app fails from now on. */
  public void failToSpawn(String app) {
    failToSpawn.add(app);
  }

  /** Processes of this app ignore the stop signal (only KILL ends them). */
  public void ignoreTerm(String app) {
    ignoreTerm.add(app);
  }

  @Override
  public LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
    if (failToSpawn.contains(request.app())) {
      throw new SpawnException("script not found: " + request.argv().get(0));
    }
    launches.add(request);
    FakeProcess p = new FakeProcess(nextPid++, request);
    live.put(p.pid, p);
    return p;
  }

  /**
   * Makes a process of a previous agent exist, so {@link #adopt} can take it over; its start ticks
   * are {@code pid * 10}, as for processes this launcher spawns.
   */
  public void leaveOrphan(long pid, String app) {
    live.put(
        pid,
        new FakeProcess(
            pid, new LaunchRequest(app, 0, 0, List.of("orphan"), Path.of("/"), Map.of())));
  }

  @Override
  public LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
    FakeProcess p = live.get(request.pid());
    if (p == null || p.startTicks() != request.startTicks()) {
      throw new SpawnException("process " + request.pid() + " is gone");
    }
    return p;
  }

  @Override
  public void signalGroup(long pgid, String signal) {
    signals.add(signal + " " + pgid);
    FakeProcess p = live.get(pgid);
    if (p == null) {
      return;
    }
    boolean fatal =
        signal.equals("KILL")
            || ((signal.equals("TERM") || signal.equals("INT"))
                && !ignoreTerm.contains(p.request.app()));
    if (fatal) {
      p.exit(128 + (signal.equals("KILL") ? 9 : signal.equals("TERM") ? 15 : 2));
    }
  }

  @Override
  public LogFiles logFiles(String app, int index) {
    return new LogFiles(
        Path.of("/logs", app + "-out-" + index + ".log"),
        Path.of("/logs", app + "-error-" + index + ".log"));
  }

  /** The live process with this pid, or null. */
  public FakeProcess process(long pid) {
    return live.get(pid);
  }

  /** Every spawn request so far, in order. */
  public List<LaunchRequest> launches() {
    return launches;
  }

  /** Every signal sent, as "SIGNAL pgid", in order. */
  public List<String> signals() {
    return signals;
  }

  /** Number of live processes. */
  public int liveCount() {
    return live.size();
  }
}
