package io.jpm.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestProcesses;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SignalShell with real processes: delivery to groups, and recovery when its shell dies. */
class SignalShellIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestProcesses processes = new TestProcesses();
  private final SignalShell shell = new SignalShell();

  @AfterEach
  void tearDown() throws Exception {
    shell.close();
    processes.killAll();
  }

  @Test
  void send_afterItsShellWasKilled_startsAnotherAndDelivers() throws Exception {
    Process first = group();
    shell.send("TERM", first.pid());
    assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isEqualTo(143);
    long oldShell = shell.shellPid().orElseThrow();
    processes.register(oldShell);

    ProcessHandle.of(oldShell).orElseThrow().destroyForcibly();
    Await.until("old shell dead", WAIT, () -> TestProcesses.isDead(oldShell));
    Process second = group();
    shell.send("KILL", second.pid());

    assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isEqualTo(137);
    assertThat(shell.shellPid()).isPresent().isNotEqualTo(OptionalLong.of(oldShell));
  }

  @Test
  void close_shellRunning_shellExits() throws Exception {
    Process p = group();
    shell.send("KILL", p.pid());
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    long pid = shell.shellPid().orElseThrow();
    processes.register(pid);

    shell.close();

    Await.until("shell exited after its pipe closed", WAIT, () -> TestProcesses.isDead(pid));
  }

  /** A `sleep` in a new session and group, which it leads once setsid has run. */
  private Process group() throws Exception {
    Process p = new ProcessBuilder("setsid", "sleep", "300").start();
    processes.register(p.pid());
    Await.until(
        "own group",
        WAIT,
        () -> TestProcesses.stat(p.pid()).filter(s -> s.pgrp() == p.pid()).isPresent());
    return p;
  }
}
