package io.jpm.cli.client;

import io.jpm.agent.AgentPaths;
import io.jpm.agent.metrics.ProcStat;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a detached agent for a JPM_HOME and waits until it answers, as pm2 spawns its daemon.
 *
 * <p>The agent runs in its own session ({@code setsid}), so it survives the terminal; its stdin is
 * /dev/null and its output is appended to {@link AgentPaths#agentLog()}. Spawns for one JPM_HOME
 * are serialised by a file lock, so CLIs started together spawn one agent, not several. The agent
 * command is a parameter, so tests can spawn a fake agent.
 */
public final class AgentSpawner {
  private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
  private static final Duration RECHECK = Duration.ofSeconds(1);

  /** sh's script: the agent in the background, its output appended to the log, its pid printed. */
  private static final String BACKGROUND = "\"$@\" </dev/null >>\"$JPM_AGENT_LOG\" 2>&1 & echo $!";

  /** Tells whether an agent answers a ping within a timeout. */
  @FunctionalInterface
  public interface Probe {
    /** True when an agent answered (with anything) within {@code timeout}. */
    boolean answers(Duration timeout);
  }

  private final AgentPaths paths;
  private final List<String> agentCommand;
  private final Duration startDeadline;
  private final PrintWriter notices;

  /**
   * A spawner.
   *
   * @param agentCommand argv that runs an agent in the foreground for JPM_HOME (from the
   *     environment variable, which the spawner sets)
   * @param startDeadline how long a spawned agent has to answer
   * @param notices where the one "spawning agent" line goes (stderr)
   */
  public AgentSpawner(
      AgentPaths paths, List<String> agentCommand, Duration startDeadline, PrintWriter notices) {
    this.paths = paths;
    this.agentCommand = List.copyOf(agentCommand);
    this.startDeadline = startDeadline;
    this.notices = notices;
  }

  /**
   * The argv that runs `jpm agent`: through bin/jpm when this CLI was started by it (system
   * property {@code jpm.launcher}), so the agent gets the launcher's java, flags and class-data
   * archive; otherwise on this JVM's java and class path with the daemon's memory flags
   * (research/java-stack.md §5e).
   */
  public static List<String> agentCommandOfThisJvm() {
    String launcher = System.getProperty("jpm.launcher", "");
    if (!launcher.isEmpty() && Files.isExecutable(Path.of(launcher))) {
      return List.of(launcher, "agent");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> argv = new ArrayList<>();
    argv.add(java);
    // The same daemon flags as bin/jpm's agent_flags (small heap, C1 only, native heap trimmed:
    // see the launcher for why).
    argv.addAll(List.of("-Xms8m", "-Xmx64m", "-XX:+UseSerialGC", "-Xss512k"));
    argv.add("-XX:TieredStopAtLevel=1");
    if (Runtime.version().feature() < 22) {
      // Updates before 17.0.9 and 21.0.1 do not know TrimNativeHeapInterval.
      argv.add("-XX:+IgnoreUnrecognizedVMOptions");
    }
    argv.add("-XX:TrimNativeHeapInterval=1000");
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.jpm.cli.Jpm", "agent"));
    return List.copyOf(argv);
  }

  /**
   * Spawns an agent unless one answers {@code probe}, then waits until it answers.
   *
   * @throws ControlException {@link ControlException.Kind#SPAWN_FAILED} when the agent could not be
   *     spawned or did not answer before the deadline
   */
  public void spawn(Probe probe) throws ControlException {
    try {
      paths.createDirectories();
    } catch (IOException e) {
      throw spawnFailed("cannot create " + paths.home() + ": " + e.getMessage());
    }
    Path lockPath = spawnLock(paths);
    try (FileChannel channel =
        FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      // Released when the channel closes.
      boolean contended = channel.tryLock() == null;
      if (contended) {
        channel.lock();
        // Another CLI held the lock: it was spawning, so its agent may be up by now.
        if (probe.answers(RECHECK)) {
          return;
        }
      }
      long agent = start();
      notices.println("jpm: spawning agent for " + paths.home() + " (pid " + agent + ")");
      notices.flush();
      awaitAnswer(agent, probe);
    } catch (IOException e) {
      throw spawnFailed("cannot lock " + lockPath + ": " + e.getMessage());
    }
  }

  /** Something that starts an agent in this JVM. */
  @FunctionalInterface
  public interface AgentStart<T> {
    /** Starts it; returns once it answers. */
    T start() throws IOException;
  }

  /**
   * Runs {@code start} holding the spawn lock of {@code paths}' JPM_HOME, for an agent that runs in
   * the foreground (`jpm runtime`): a CLI that finds no agent meanwhile waits for the lock, then
   * finds this agent instead of spawning another.
   */
  public static <T> T whileSpawnLocked(AgentPaths paths, AgentStart<T> start) throws IOException {
    paths.createDirectories();
    try (FileChannel channel =
        FileChannel.open(spawnLock(paths), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      // Released when the channel closes.
      channel.lock();
      return start.start();
    }
  }

  private static Path spawnLock(AgentPaths paths) {
    return paths.home().resolve("spawn.lock");
  }

  /**
   * Starts the agent through sh, which runs it in the background, prints its pid and exits: the CLI
   * keeps no child. A child it kept would hold a JDK reaper thread in waitpid, and HotSpot's exit
   * waits up to 300 ms for threads still in native code (measured: the first command, which spawns
   * the agent, spent 290 ms in that wait).
   */
  private long start() throws ControlException {
    List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", BACKGROUND, "sh"));
    findSetsid().ifPresent(argv::add);
    argv.addAll(agentCommand);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(paths.home().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(ProcessBuilder.Redirect.appendTo(paths.agentLog().toFile()));
    builder.environment().put("JPM_HOME", paths.home().toString());
    builder.environment().put("JPM_AGENT_LOG", paths.agentLog().toString());
    try {
      Process shell = builder.start();
      String pid;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII))) {
        pid = out.readLine();
      }
      if (shell.waitFor() != 0 || pid == null || !pid.matches("[0-9]+")) {
        throw spawnFailed("cannot run " + agentCommand.get(0));
      }
      return Long.parseLong(pid);
    } catch (IOException e) {
      throw spawnFailed("cannot run " + argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw spawnFailed("interrupted");
    }
  }

  private void awaitAnswer(long agent, Probe probe) throws ControlException {
    long deadline = System.nanoTime() + startDeadline.toNanos();
    while (System.nanoTime() < deadline) {
      if (probe.answers(PROBE_INTERVAL)) {
        return;
      }
      if (!running(agent)) {
        // It may have lost the JPM_HOME lock to an agent that is still coming up: ask once more.
        if (probe.answers(RECHECK)) {
          return;
        }
        break;
      }
    }
    throw spawnFailed(null);
  }

  /** Whether {@code pid} still runs: not a child any more, so a zombie counts as gone. */
  private static boolean running(long pid) {
    return ProcStat.read(pid).map(stat -> !stat.isZombie()).orElse(false);
  }

  private ControlException spawnFailed(String why) {
    String message = "agent did not start; see " + paths.agentLog();
    return new ControlException(
        ControlException.Kind.SPAWN_FAILED, why == null ? message : message + " (" + why + ")");
  }

  /** setsid(1) from PATH; without it (not Linux) the agent still runs, in the CLI's session. */
  private static Optional<String> findSetsid() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }
}
