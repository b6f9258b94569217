package io.jpm.agent.launch;

import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.supervision.Signals;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers signals to whole process groups through one long-lived {@code sh}, whose builtin kill
 * reads "SIGNUM PGID" lines from a pipe.
 *
 * <p>Why a shell: the JDK can signal one pid (TERM or KILL only), never a group, and starting
 * {@code kill} for each signal costs the supervisor loop 2–3 ms (50 group kills took 125–165 ms on
 * two cores), while a line written to the pipe costs about 0.1 ms and never waits. The shell
 * ignores the signals a terminal or a stop of the agent's own group would send, and exits when the
 * agent goes away and its pipe closes. If it has died anyway, it is started again; if that fails,
 * {@code kill} is started without waiting for it. A line written just before the shell dies is
 * lost; that needs a kill of the shell itself and is not guarded against.
 *
 * <p>Thread-safe (synchronized): meant for the supervisor loop thread, but harmless from others.
 */
final class SignalShell implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(SignalShell.class.getName());
  // Numbers, not names: dash's kill does not know every name Signals does (e.g. STKFLT).
  private static final String SCRIPT =
      "trap '' HUP INT QUIT TERM TSTP; "
          + "while read -r sig pgid; do kill -s \"$sig\" -- \"-$pgid\" 2>/dev/null; done";

  private final long ownPgid =
      ProcStat.read(ProcessHandle.current().pid()).map(ProcStat::pgrp).orElse(-1L);
  private Process shell;
  private OutputStream pipe;
  private boolean closed;

  /**
   * Sends {@code signal} (a name such as "TERM", or a number) to every process in group {@code
   * pgid}. Returns at once; a group that no longer exists is not an error. A target that is not an
   * instance's group (0, 1, the agent's own group) is refused with a warning, never signalled.
   */
  synchronized void send(String signal, long pgid) {
    Optional<String> line = commandLine(signal, pgid, ownPgid);
    if (line.isEmpty()) {
      LOG.warning("refused to send signal '" + signal + "' to process group " + pgid);
      return;
    }
    byte[] bytes = line.get().getBytes(StandardCharsets.US_ASCII);
    for (int attempt = 0; attempt < 2 && !closed; attempt++) {
      try {
        ensureRunning();
        pipe.write(bytes);
        pipe.flush();
        return;
      } catch (IOException e) {
        LOG.log(Level.WARNING, "signal shell failed; starting another", e);
        discard();
      }
    }
    killDirectly(Signals.numberOf(Signals.parse(signal).orElseThrow()), pgid);
  }

  /**
   * The line for the shell, or empty when the target must never be signalled.
   *
   * @param ownPgid the agent's own process group, which must never be hit
   */
  static Optional<String> commandLine(String signal, long pgid, long ownPgid) {
    Optional<String> name = Signals.parse(signal);
    // kill(-1) would hit every process we may signal, kill(-0) our own group.
    if (name.isEmpty() || pgid <= 1 || pgid == ownPgid) {
      return Optional.empty();
    }
    return Optional.of(Signals.numberOf(name.get()) + " " + pgid + "\n");
  }

  /** The pid of the running shell, if one runs; for tests. */
  synchronized OptionalLong shellPid() {
    return shell != null && shell.isAlive() ? OptionalLong.of(shell.pid()) : OptionalLong.empty();
  }

  /** Closes the pipe, so the shell exits once it has sent what it was given. */
  @Override
  public synchronized void close() {
    closed = true;
    discard();
  }

  private void ensureRunning() throws IOException {
    if (shell != null && shell.isAlive()) {
      return;
    }
    discard();
    shell =
        new ProcessBuilder("/bin/sh", "-c", SCRIPT)
            .redirectOutput(Redirect.DISCARD)
            .redirectError(Redirect.DISCARD)
            .start();
    pipe = shell.getOutputStream();
  }

  private void discard() {
    if (pipe != null) {
      try {
        pipe.close();
      } catch (IOException e) {
        // The shell is gone already; nothing left to release.
      }
    }
    pipe = null;
    shell = null;
  }

  private static void killDirectly(int signum, long pgid) {
    try {
      var unused =
          new ProcessBuilder("kill", "-s", Integer.toString(signum), "--", "-" + pgid)
              .redirectOutput(Redirect.DISCARD)
              .redirectError(Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      LOG.log(Level.SEVERE, "cannot signal process group " + pgid, e);
    }
  }
}
