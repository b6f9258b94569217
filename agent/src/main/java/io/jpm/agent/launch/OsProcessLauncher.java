package io.jpm.agent.launch;

import io.jpm.agent.logs.Attachment;
import io.jpm.agent.logs.OutputCapture;
import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.supervision.Input;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.supervision.ProcessLauncher;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Creates instance processes with {@link ProcessBuilder} and signals their process groups.
 *
 * <p>Each process runs under {@code setsid}, which makes it the leader of a new session and process
 * group (pid == pgid == sid) and then execs the program without forking, so the pid the JDK reports
 * is the program's. A group of its own is what lets one signal reach everything the instance forks,
 * and keeps a Ctrl-C or a group kill of the agent away from the apps.
 *
 * <p>stdout and stderr are the instance's spool files ({@link OutputCapture}), opened for appending
 * by the JDK for the child: the kernel keeps every byte the program writes whatever happens to the
 * agent, and the program never blocks on, or dies of SIGPIPE from, a reader that is gone
 * (java-stack.md §4.1). stdin is a FIFO that a small shell creates and opens READ-WRITE before
 * exec'ing the program ({@code exec 0<>in}), so that {@code jpm send} can write to it at any time
 * and the program never sees end-of-file on it.
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
  // How long an exit report waits for the process's last output to reach the files.
  private static final Duration DRAIN = Duration.ofSeconds(1);
  private static final long ADOPTED_POLL_MS = 200;
  // Run by setsid: $1 is the stdin FIFO, made here (in the child, not on the agent's loop thread)
  // and opened read-write (see the class comment); then the program replaces the shell, keeping
  // the pid.
  private static final String REDIRECT =
      "mkfifo -m 600 \"$1\" && exec 0<>\"$1\" || exit 126; shift; exec \"$@\"";

  private final String setsid;
  private final OutputCapture capture;
  private final ExitPoller adopted = new ExitPoller(ADOPTED_POLL_MS);
  private final SignalShell signals = new SignalShell();
  // Processes not yet seen leading their own group. Waiting for that in spawn() would double its
  // cost, so the first signal to a group waits instead; it usually finds the group there already.
  private final Map<Long, Process> unconfirmed = new ConcurrentHashMap<>();

  /** A launcher with log files in {@code logDir} and spools in its sibling {@code run}. */
  public OsProcessLauncher(Path logDir) {
    this(logDir, logDir.resolveSibling("run"));
  }

  /**
   * A launcher writing instance output under {@code logDir} (default log files) through spools in
   * {@code runDir} (both created when missing).
   */
  public OsProcessLauncher(Path logDir, Path runDir) {
    this.capture = new OutputCapture(logDir, runDir, Clock.systemUTC(), ZoneId.systemDefault());
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
    ProcessBuilder builder = new ProcessBuilder();
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
    Attachment output;
    try {
      output = capture.attach(request.id(), request.app(), request.index(), request.logs());
    } catch (IOException e) {
      throw new SpawnException("cannot set up output capture: " + e.getMessage());
    }
    List<String> command = new ArrayList<>(argv.size() + 8);
    command.addAll(List.of(setsid, "/bin/sh", "-c", REDIRECT, "jpm"));
    command.add(output.stdin().toString());
    command.addAll(argv);
    builder.command(command);
    builder
        .directory(cwd.toFile())
        .redirectInput(Redirect.from(DEV_NULL))
        .redirectOutput(Redirect.appendTo(output.stdout().toFile()))
        .redirectError(Redirect.appendTo(output.stderr().toFile()));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      output.abandon();
      throw new SpawnException("could not start '" + argv.get(0) + "': " + e.getMessage());
    }
    long pid = process.pid();
    unconfirmed.put(pid, process);
    CompletableFuture<Integer> exited =
        process
            .onExit()
            .thenCompose(p -> output.processExited(DRAIN))
            .thenApply(x -> process.exitValue());
    var unused = exited.thenRun(() -> unconfirmed.remove(pid, process));
    return new Launched(pid, () -> ProcStat.read(pid).map(ProcStat::starttime).orElse(0L), exited);
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
    return capture.files(app, index, LogPolicy.defaults());
  }

  @Override
  public LogFiles logFiles(String app, int index, LogPolicy logs) {
    return capture.files(app, index, logs);
  }

  /**
   * {@inheritDoc} Its output is captured again from its spools in the run directory (when they are
   * gone, e.g. it was started by an agent without them, it is supervised without its output). Its
   * exit is noticed by polling /proc, shared by all adopted processes.
   */
  @Override
  public LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
    long pid = request.pid();
    Optional<ProcStat> stat = ProcStat.read(pid);
    String refusal =
        stat.isEmpty() || stat.get().isZombie()
            ? "process " + pid + " is gone"
            : stat.get().starttime() != request.startTicks()
                ? "pid " + pid + " now belongs to another process"
                : null;
    Attachment output = null;
    try {
      // Even for a process that is gone, what it wrote is copied into its logs.
      output =
          capture.recover(
              request.id(), request.app(), request.index(), request.logs(), refusal == null);
    } catch (IOException e) {
      LOG.warning("cannot recover the output of pid " + pid + ": " + e.getMessage());
    }
    if (refusal != null) {
      throw new SpawnException(refusal);
    }
    if (output == null) {
      LOG.warning("adopted pid " + pid + " without its output: no spool in the run directory");
    }
    Attachment attached = output;
    CompletableFuture<Integer> exited = new CompletableFuture<>();
    adopted.watch(
        pid,
        request.startTicks(),
        () -> {
          CompletableFuture<Void> drained =
              attached == null
                  ? CompletableFuture.completedFuture(null)
                  : attached.processExited(DRAIN);
          var unused = drained.thenRun(() -> exited.complete(Input.Exited.UNKNOWN));
        });
    return new Launched(pid, request::startTicks, exited);
  }

  /** The output capture (spools, log files), for the log commands. */
  public OutputCapture capture() {
    return capture;
  }

  /**
   * Stops watching and signalling; instance processes are left running, and their output waits in
   * their spools for the next agent.
   */
  @Override
  public void close() {
    capture.close();
    adopted.close();
    signals.close();
  }

  /** A process created or adopted by this launcher. */
  private static final class Launched implements LaunchedProcess {
    private final long pid;
    private final LongSupplier startTicks;
    private final CompletableFuture<Integer> exited;

    Launched(long pid, LongSupplier startTicks, CompletableFuture<Integer> exited) {
      this.pid = pid;
      this.startTicks = startTicks;
      this.exited = exited;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public long startTicks() {
      return startTicks.getAsLong();
    }

    @Override
    public void onExit(IntConsumer exitCode) {
      var unused = exited.thenAccept(exitCode::accept);
    }
  }
}
