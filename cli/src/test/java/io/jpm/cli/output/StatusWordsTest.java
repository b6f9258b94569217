package io.jpm.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.messages.v1.ProcessState;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The state to pm2 status word table. */
class StatusWordsTest {
  @ParameterizedTest
  @CsvSource({
    "PROCESS_STATE_STOPPED, stopped",
    "PROCESS_STATE_STARTING, launching",
    "PROCESS_STATE_RUNNING, online",
    "PROCESS_STATE_BACKOFF, waiting-restart",
    "PROCESS_STATE_STOPPING, stopping",
    "PROCESS_STATE_EXITED, stopped",
    "PROCESS_STATE_FATAL, errored",
    "PROCESS_STATE_UNSPECIFIED, unknown",
  })
  void of_state_givesPm2Word(ProcessState state, String word) {
    assertThat(StatusWords.of(state)).isEqualTo(word);
  }

  @Test
  void of_everyRealState_isOneOfTheSpecWords() {
    Set<String> specWords =
        Set.of("launching", "online", "stopping", "stopped", "waiting-restart", "errored");

    Arrays.stream(ProcessState.values())
        .filter(s -> s != ProcessState.UNRECOGNIZED && s != ProcessState.PROCESS_STATE_UNSPECIFIED)
        .forEach(s -> assertThat(specWords).contains(StatusWords.of(s)));
  }
}
