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
   * @param env variables to add to the agent's own environment
   */
  record LaunchRequest(
      String app, int id, int index, List<String> argv, Path cwd, Map<String, String> env) {}

  /** A created process. */
  interface LaunchedProcess {
    /** Its pid, which is also its process group and session id. */
    long pid();

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
   * Sends a signal (name without "SIG") to every process in the group; a group that no longer
   * exists is not an error.
   */
  void signalGroup(long pgid, String signal);

  /** The stdout and stderr log files of an instance. */
  LogFiles logFiles(String app, int index);

  /**
   * Paths of an instance's output files.
   *
   * @param out stdout log
   * @param err stderr log
   */
  record LogFiles(Path out, Path err) {}
}
