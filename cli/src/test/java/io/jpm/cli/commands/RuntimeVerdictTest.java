package io.jpm.cli.commands;

import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_BACKOFF;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_EXITED;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_FATAL;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_RUNNING;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_STARTING;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_STOPPED;
import static io.jpm.messages.v1.ProcessState.PROCESS_STATE_STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When `jpm runtime` ends by itself, and its exit code, decided from the instance list. */
class RuntimeVerdictTest {

  private static ProcessInfo instance(int id, ProcessState state) {
    return Replies.process(id, "app", state);
  }

  private static ProcessInfo exited(int id, int code) {
    return instance(id, PROCESS_STATE_EXITED).toBuilder().setExitCode(code).build();
  }

  @ParameterizedTest
  @EnumSource(
      value = ProcessState.class,
      names = {
        "PROCESS_STATE_STARTING",
        "PROCESS_STATE_RUNNING",
        "PROCESS_STATE_BACKOFF",
        "PROCESS_STATE_STOPPING",
        "PROCESS_STATE_UNSPECIFIED"
      })
  void of_oneInstanceStillUpOrComingBack_noVerdict(ProcessState state) {
    Optional<RuntimeVerdict> verdict =
        RuntimeVerdict.of(List.of(instance(0, PROCESS_STATE_STOPPED), instance(1, state)));

    assertThat(verdict).isEmpty();
  }

  @Test
  void of_everyInstanceStoppedOrExitedWithZero_exitsZero() {
    Optional<RuntimeVerdict> verdict =
        RuntimeVerdict.of(
            List.of(
                instance(0, PROCESS_STATE_STOPPED),
                exited(1, 0),
                instance(2, PROCESS_STATE_STOPPED).toBuilder().setExitCode(143).build()));

    assertThat(verdict).map(RuntimeVerdict::exitCode).contains(0);
    assertThat(verdict.orElseThrow().summary())
        .isEqualTo("no app running any more: 3 stopped, 0 exited with a non-zero code, 0 errored");
  }

  @Test
  void of_anInstanceExitedWithANonZeroCode_exitsOne() {
    Optional<RuntimeVerdict> verdict =
        RuntimeVerdict.of(List.of(instance(0, PROCESS_STATE_STOPPED), exited(1, 3)));

    assertThat(verdict).map(RuntimeVerdict::exitCode).contains(1);
    assertThat(verdict.orElseThrow().summary()).contains("1 stopped, 1 exited with a non-zero");
  }

  @Test
  void of_anInstanceErrored_exitsOne() {
    Optional<RuntimeVerdict> verdict =
        RuntimeVerdict.of(List.of(exited(0, 0), instance(1, PROCESS_STATE_FATAL)));

    assertThat(verdict).map(RuntimeVerdict::exitCode).contains(1);
    assertThat(verdict.orElseThrow().summary()).endsWith("1 errored");
  }

  @Test
  void of_noInstanceLeft_exitsZero() {
    assertThat(RuntimeVerdict.of(List.of())).map(RuntimeVerdict::exitCode).contains(0);
  }

  @Test
  void of_mixOfRunningAndErrored_waitsForTheRunningOne() {
    Optional<RuntimeVerdict> verdict =
        RuntimeVerdict.of(
            List.of(
                instance(0, PROCESS_STATE_FATAL),
                instance(1, PROCESS_STATE_RUNNING),
                instance(2, PROCESS_STATE_BACKOFF),
                instance(3, PROCESS_STATE_STARTING),
                instance(4, PROCESS_STATE_STOPPING)));

    assertThat(verdict).isEmpty();
  }
}
