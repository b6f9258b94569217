package io.jpm.agent.launch;

import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.supervision.ProcessLauncher;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.logging.Logger;

/**
 * Creates instance processes with {@link ProcessBuilder} and signals their process groups.
 *
 * <p>Each process runs under {@code setsid}, which makes it the leader of a new session and process
 * group (pid == pgid == sid) and then execs the program without forking, so the pid the JDK reports
 * is the program's. A group of its own is what lets one signal reach everything the instance forks,
 * and keeps a Ctrl-C or a group kill of the agent away from the apps. stdin is /dev/null and stdout
 * and stderr are appended to the instance's log files: never a pipe the agent owns, so an instance
 * outlives an agent crash instead of dying of SIGPIPE on its next write (java-stack.md §4.1).
 *
 * <p>A group can be signalled as soon as {@link #spawn} returns: the first signal waits, if need
 * be, until setsid has made the group. Missing programs and working directories are reported as a
 * {@link SpawnException} before any process is created. Exit codes come from {@link
 * Process#onExit()}, which reports 128+N for a death by signal N.
 */
public final class OsProcessLauncher implements ProcessLauncher, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OsProcessLauncher.class.getName());
  private static final File DEV_NULL = new File("/dev/null");
  private static final Duration GROUP_DEADLINE = Duration.ofMillis(500);
  private static final long GROUP_POLL_NANOS = 50_000;

  private final Path logDir;
  private final String setsid;
  private final SignalShell signals = new SignalShell();
  // Processes not yet seen leading their own group. Waiting for that in spawn() would double its
  // cost, so the first signal to a group waits instead; it usually finds the group there already.
  private final Map<Long, Process> unconfirmed = new ConcurrentHashMap<>();

  /** A launcher writing instance output under {@code logDir} (created when missing). */
  public OsProcessLauncher(Path logDir) {
    this.logDir = logDir;
    this.setsid =
        Executables.find("setsid", System.getenv("PATH"), Path.of("/"))
            .or(() -> Executables.find("setsid", "/usr/bin:/bin", Path.of("/")))
            .map(Path::toString)
            .orElse(null);
  }

  @Override
  public LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
    List<String> argv = request.argv();
    if (argv.isEmpty()) {
      throw new SpawnException("nothing to run: the command is empty");
    }
    if (setsid == null) {
      throw new SpawnException("setsid (util-linux) not found on the agent's PATH");
    }
    Path cwd = request.cwd();
    if (!Files.isDirectory(cwd)) {
      throw new SpawnException(
          "working directory "
              + cwd
              + (Files.exists(cwd) ? " is not a directory" : " does not exist"));
    }
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(setsid);
    command.addAll(argv);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    try {
      if (request.fullEnv()) {
        env.clear();
      }
      env.putAll(request.env());
    } catch (IllegalArgumentException e) {
      throw new SpawnException("invalid environment: " + e.getMessage());
    }
    Executables.check(argv.get(0), cwd, env.get("PATH"));
    LogFiles logs = logFiles(request.app(), request.index());
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new SpawnException("cannot create log directory " + logDir + ": " + e);
    }
    builder
        .directory(cwd.toFile())
        .redirectInput(Redirect.from(DEV_NULL))
        .redirectOutput(Redirect.appendTo(logs.out().toFile()))
        .redirectError(Redirect.appendTo(logs.err().toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new SpawnException("could not start '" + argv.get(0) + "': " + e.getMessage());
    }
    long pid = process.pid();
    unconfirmed.put(pid, process);
    var unused = process.onExit().thenRun(() -> unconfirmed.remove(pid, process));
    return new OsProcess(process);
  }

  /**
   * Waits until setsid has made the child the leader of its own group, which happens one exec after
   * {@link ProcessBuilder#start()} returns (a millisecond or two). Until then the group does not
   * exist, and a signal sent to it, e.g. by a stop right after a start, would be lost.
   */
  private static void awaitOwnGroup(Process process) {
    long pid = process.pid();
    long deadline = System.nanoTime() + GROUP_DEADLINE.toNanos();
    while (process.isAlive()) {
      Optional<ProcStat> stat = ProcStat.read(pid);
      if (stat.isEmpty() || stat.get().pgrp() == pid || stat.get().isZombie()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        LOG.warning("process " + pid + " is not in a group of its own after " + GROUP_DEADLINE);
        return;
      }
      LockSupport.parkNanos(GROUP_POLL_NANOS);
    }
  }

  /**
   * {@inheritDoc} Returns at once: a helper shell delivers the signal (see SignalShell). Only the
   * first signal to a process that has just been spawned may wait, for its group to exist.
   */
  @Override
  public void signalGroup(long pgid, String signal) {
    Process fresh = unconfirmed.remove(pgid);
    if (fresh != null) {
      awaitOwnGroup(fresh);
    }
    signals.send(signal, pgid);
  }

  @Override
  public LogFiles logFiles(String app, int index) {
    return new LogFiles(
        logDir.resolve(app + "-out-" + index + ".log"),
        logDir.resolve(app + "-error-" + index + ".log"));
  }

  @Override
  public LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
    // TODO(#3): re-adopt processes of a previous agent (watch /proc, re-attach output).
    throw new SpawnException("re-adopting processes is not supported yet");
  }

  /** Stops the signal helper; instance processes are left alone. */
  @Override
  public void close() {
    signals.close();
  }

  /** A process created by this launcher. */
  private static final class OsProcess implements LaunchedProcess {
    private final Process process;

    OsProcess(Process process) {
      this.process = process;
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public long startTicks() {
      return ProcStat.read(process.pid()).map(ProcStat::starttime).orElse(0L);
    }

    @Override
    public void onExit(IntConsumer exitCode) {
      var unused = process.onExit().thenAccept(p -> exitCode.accept(p.exitValue()));
    }
  }
}
