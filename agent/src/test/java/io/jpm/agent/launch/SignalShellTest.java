package io.jpm.agent.launch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines SignalShell hands its shell, and the targets it must never signal. */
class SignalShellTest {
  private static final long OWN_GROUP = 4242;

  @Test
  void commandLine_nameWithOrWithoutSig_isNumberAndGroup() {
    assertThat(SignalShell.commandLine("TERM", 1234, OWN_GROUP)).contains("15 1234\n");
    assertThat(SignalShell.commandLine("SIGKILL", 1234, OWN_GROUP)).contains("9 1234\n");
    assertThat(SignalShell.commandLine("usr2", 1234, OWN_GROUP)).contains("12 1234\n");
    assertThat(SignalShell.commandLine("STKFLT", 1234, OWN_GROUP)).contains("16 1234\n");
  }

  @Test
  void commandLine_groupZeroOneNegativeOrOwn_isRefused() {
    assertThat(SignalShell.commandLine("KILL", 0, OWN_GROUP)).isEmpty();
    assertThat(SignalShell.commandLine("KILL", 1, OWN_GROUP)).isEmpty();
    assertThat(SignalShell.commandLine("KILL", -5, OWN_GROUP)).isEmpty();
    assertThat(SignalShell.commandLine("KILL", OWN_GROUP, OWN_GROUP)).isEmpty();
  }

  @Test
  void commandLine_unknownOrInjectedSignal_isRefused() {
    assertThat(SignalShell.commandLine("BOGUS", 1234, OWN_GROUP)).isEmpty();
    assertThat(SignalShell.commandLine("TERM; rm -rf /", 1234, OWN_GROUP)).isEmpty();
    assertThat(SignalShell.commandLine("", 1234, OWN_GROUP)).isEmpty();
  }
}
