package io.jpm.agent.supervision;

import java.time.Instant;

/**
 * Something that happened to an instance: a user request, a process event or a timer.
 *
 * <p>Inputs are past tense. Java 17 has no pattern-matching switch, so {@link Transitions} switches
 * on {@link #type()}.
 */
public sealed interface Input {

  /** The closed set of input kinds, one per record below. */
  enum InputType {
    START_REQUESTED,
    STOP_REQUESTED,
    RESTART_REQUESTED,
    SPAWNED,
    SPAWN_FAILED,
    EXITED,
    READY_SIGNALLED,
    TIMER_FIRED,
    ADOPTED
  }

  /** The kind of this input. */
  InputType type();

  /** A user asked for the instance to run. */
  record StartRequested() implements Input {
    @Override
    public InputType type() {
      return InputType.START_REQUESTED;
    }
  }

  /** A user asked for the instance to stop. */
  record StopRequested() implements Input {
    @Override
    public InputType type() {
      return InputType.STOP_REQUESTED;
    }
  }

  /** A user asked for the instance to be stopped and started again. */
  record RestartRequested() implements Input {
    @Override
    public InputType type() {
      return InputType.RESTART_REQUESTED;
    }
  }

  /** The process was created with this pid. */
  record Spawned(long pid) implements Input {
    @Override
    public InputType type() {
      return InputType.SPAWNED;
    }
  }

  /** The process could not be created. */
  record SpawnFailed(String reason) implements Input {
    @Override
    public InputType type() {
      return InputType.SPAWN_FAILED;
    }
  }

  /**
   * The process exited. {@code exitCode} follows the shell convention: 128+N when killed by signal
   * N.
   */
  record Exited(int exitCode) implements Input {
    /** The exit code of a process whose status could not be read (an adopted process). */
    public static final int UNKNOWN = -1;

    @Override
    public InputType type() {
      return InputType.EXITED;
    }

    /** The signal number that killed the process, or 0 when it exited normally. */
    public int signal() {
      return exitCode > 128 && exitCode < 128 + 65 ? exitCode - 128 : 0;
    }

    /** "code 1" or "signal 9 (SIGKILL)", for reasons. */
    public String describe() {
      if (exitCode == UNKNOWN) {
        return "an unknown status (adopted process)";
      }
      int sig = signal();
      return sig == 0 ? "code " + exitCode : "signal " + sig + " (" + Signals.nameOf(sig) + ")";
    }
  }

  /** The readiness check passed. */
  record ReadySignalled() implements Input {
    @Override
    public InputType type() {
      return InputType.READY_SIGNALLED;
    }
  }

  /** A timer of this kind expired. */
  record TimerFired(TimerKind kind) implements Input {
    @Override
    public InputType type() {
      return InputType.TIMER_FIRED;
    }
  }

  /**
   * A new agent took over the instance's process, which a previous agent started and left running
   * (after a crash, SIGTERM or a handover).
   *
   * @param pid the process, still the same one (pid and start time checked by the launcher)
   * @param startedAt when that process was started, for uptime
   */
  record Adopted(long pid, Instant startedAt) implements Input {
    @Override
    public InputType type() {
      return InputType.ADOPTED;
    }
  }
}
