package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/** Port to the OS: creates instance processes and signals their process groups. */
public interface ProcessLauncher {

  /**
   * Everything needed to create one instance's process.
   *
   * @param app app name
   * @param id agent-wide instance id
   * @param index instance index within the app
   * @param argv program and arguments
   * @param cwd working directory
   * @param env variables to add to the agent's own environment, or the whole environment when
   *     {@code fullEnv}
   * @param fullEnv true when {@code env} is the complete environment (the app has a base env)
   * @param logs how the instance's output is kept, in the per-instance form of {@link
   *     LogPolicy#forInstance}
   */
  record LaunchRequest(
      String app,
      int id,
      int index,
      List<String> argv,
      Path cwd,
      Map<String, String> env,
      boolean fullEnv,
      LogPolicy logs) {

    /** A request on top of the agent's environment, with default logging. */
    public LaunchRequest(
        String app, int id, int index, List<String> argv, Path cwd, Map<String, String> env) {
      this(app, id, index, argv, cwd, env, false, LogPolicy.defaults());
    }
  }

  /**
   * A process a previous agent started, to take over.
   *
   * @param app app name
   * @param id instance id
   * @param index instance index
   * @param pid its pid (also its process group)
   * @param startTicks its start time in clock ticks since boot (/proc/&lt;pid&gt;/stat field 22)
   * @param logs how its output is kept, in the per-instance form of {@link LogPolicy#forInstance}
   */
  record AdoptRequest(String app, int id, int index, long pid, long startTicks, LogPolicy logs) {}

  /** A created process. */
  interface LaunchedProcess {
    /** Its pid, which is also its process group and session id. */
    long pid();

    /** Its start time in clock ticks since boot, to tell it from a later process with its pid. */
    long startTicks();

    /**
     * Registers the exit callback, called once with the exit code (128+N for signal N), on an
     * arbitrary thread.
     */
    void onExit(IntConsumer exitCode);
  }

  /** Thrown when a process cannot be created; the message says why, for users. */
  final class SpawnException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a user-readable reason. */
    public SpawnException(String message) {
      super(message);
    }
  }

  /** Creates the process in its own session and process group, output going to its logs. */
  LaunchedProcess spawn(LaunchRequest request) throws SpawnException;

  /**
   * Takes over a process that a previous agent started, when it still runs as the same process
   * (same pid and start time, not a zombie), re-attaching its output. Its exit is reported with
   * {@link Input.Exited#UNKNOWN}: it is not this agent's child, so its status cannot be read.
   *
   * @throws SpawnException when the process is gone or its pid now belongs to another process
   */
  LaunchedProcess adopt(AdoptRequest request) throws SpawnException;

  /**
   * Sends a signal (name without "SIG") to every process in the group; a group that no longer
   * exists is not an error.
   */
  void signalGroup(long pgid, String signal);

  /** The stdout and stderr log files of an instance with the default log policy. */
  LogFiles logFiles(String app, int index);

  /**
   * The stdout and stderr log files of an instance under {@code logs} (in the per-instance form of
   * {@link LogPolicy#forInstance}): its explicit files, else the defaults.
   */
  default LogFiles logFiles(String app, int index, LogPolicy logs) {
    LogFiles defaults = logFiles(app, index);
    return new LogFiles(
        logs.outFile() == null ? defaults.out() : Path.of(logs.outFile()),
        logs.errorFile() == null ? defaults.err() : Path.of(logs.errorFile()));
  }

  /**
   * Paths of an instance's output files.
   *
   * @param out stdout log
   * @param err stderr log
   */
  record LogFiles(Path out, Path err) {}
}
