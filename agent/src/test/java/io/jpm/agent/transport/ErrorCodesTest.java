package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.CommandException.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Checks that every domain failure has its own wire error code. */
class ErrorCodesTest {

  @ParameterizedTest
  @EnumSource(Failure.class)
  void of_failure_isTheCodeOfTheSameName(Failure failure) {
    assertThat(ErrorCodes.of(failure).name()).isEqualTo("ERROR_CODE_" + failure.name());
  }

  @Test
  void of_allFailures_areDistinct() {
    assertThat(java.util.Arrays.stream(Failure.values()).map(ErrorCodes::of).distinct())
        .hasSize(Failure.values().length);
  }
}
