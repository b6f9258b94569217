package io.jpm.cli.commands;

import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import java.util.List;
import java.util.Optional;

/**
 * When `jpm runtime` ends by itself, and with which exit code: once every instance is down for good
 * (stopped, exited with autorestart off or a stop exit code, errored, or deleted), so that nothing
 * runs and nothing will run again without a user's command.
 *
 * @param exitCode 0 when every instance was stopped or exited with code 0; 1 when any ended errored
 *     or exited with another code
 * @param summary one line saying how the apps ended, for stderr
 */
record RuntimeVerdict(int exitCode, String summary) {

  /** The verdict for the agent's instances, or empty while one of them runs or will run again. */
  static Optional<RuntimeVerdict> of(List<ProcessInfo> instances) {
    if (instances.stream().anyMatch(p -> !isDown(p.getState()))) {
      return Optional.empty();
    }
    if (instances.isEmpty()) {
      return Optional.of(new RuntimeVerdict(0, "no app left (all deleted)"));
    }
    long errored =
        instances.stream().filter(p -> p.getState() == ProcessState.PROCESS_STATE_FATAL).count();
    long failed = instances.stream().filter(RuntimeVerdict::exitedWithFailure).count();
    long clean = instances.size() - errored - failed;
    String summary =
        "no app running any more: "
            + clean
            + " stopped, "
            + failed
            + " exited with a non-zero code, "
            + errored
            + " errored";
    return Optional.of(new RuntimeVerdict(errored + failed == 0 ? 0 : 1, summary));
  }

  /** States an instance leaves only on a user's command (see the agent's Transitions). */
  private static boolean isDown(ProcessState state) {
    return state == ProcessState.PROCESS_STATE_STOPPED
        || state == ProcessState.PROCESS_STATE_EXITED
        || state == ProcessState.PROCESS_STATE_FATAL;
  }

  private static boolean exitedWithFailure(ProcessInfo p) {
    return p.getState() == ProcessState.PROCESS_STATE_EXITED
        && p.hasExitCode()
        && p.getExitCode() != 0;
  }
}
