package io.jpm.agent;

import io.jpm.agent.supervision.ProcessLauncher;
import io.jpm.agent.supervision.UsageMeter;
import java.io.IOException;
import java.nio.file.Path;

/** Entry point of the agent daemon; `jpm agent` calls {@link #runForeground}. */
public final class AgentMain {
  private AgentMain() {}

  /**
   * Runs an agent for {@code paths} in the calling thread until it is killed (`jpm kill`, SIGTERM
   * or SIGINT). Returns the process exit code: 0 after a clean stop, 1 when the agent could not
   * start (the reason is printed on stderr), e.g. because another agent already runs for the same
   * JPM_HOME.
   *
   * @param hostName the host name the agent reports; null for the machine's name
   */
  @SuppressWarnings("DoNotCallSuggester") // placeholder until the transport is wired
  public static int runForeground(AgentPaths paths, String hostName) {
    OneLineLogFormatter.installOnRootLogger();
    Agent agent;
    try {
      agent =
          Agent.start(
              AgentConfig.defaults(paths, hostName), launcher(paths.logDir()), usageMeter());
    } catch (IOException e) {
      System.err.println("jpm agent: " + e.getMessage());
      return 1;
    }
    try {
      agent.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      agent.close();
    }
    return 0;
  }

  /** Runs an agent for the JPM_HOME of the environment. */
  public static void main(String[] args) {
    System.exit(runForeground(AgentPaths.fromEnvironment(System.getenv()), null));
  }

  /**
   * The OS process launcher. MERGE POINT: becomes {@code new OsProcessLauncher(logDir)} (written on
   * the launch branch); until then every start fails with START_FAILED and says why.
   */
  static ProcessLauncher launcher(Path logDir) {
    return new ProcessLauncher() {
      @Override
      public LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
        throw new SpawnException("this build has no OS process launcher yet");
      }

      @Override
      public void signalGroup(long pgid, String signal) {}

      @Override
      public LogFiles logFiles(String app, int index) {
        return new LogFiles(
            logDir.resolve(app + "-out-" + index + ".log"),
            logDir.resolve(app + "-error-" + index + ".log"));
      }
    };
  }

  /** MERGE POINT: becomes {@code new ProcfsSampler(...)} (written on the launch branch). */
  static UsageMeter usageMeter() {
    return UsageMeter.none();
  }
}
