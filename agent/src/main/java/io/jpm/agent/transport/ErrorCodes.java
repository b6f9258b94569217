package io.jpm.agent.transport;

import io.jpm.agent.supervision.CommandException.Failure;
import io.jpm.messages.v1.ErrorCode;

/** Maps the domain's reasons for refusing a command to the wire's error codes. */
public final class ErrorCodes {
  private ErrorCodes() {}

  /** The wire code of a domain failure. */
  public static ErrorCode of(Failure failure) {
    return switch (failure) {
      case UNKNOWN_TARGET -> ErrorCode.ERROR_CODE_UNKNOWN_TARGET;
      case INVALID_ARGUMENT -> ErrorCode.ERROR_CODE_INVALID_ARGUMENT;
      case REJECTED_IN_STATE -> ErrorCode.ERROR_CODE_REJECTED_IN_STATE;
      case START_FAILED -> ErrorCode.ERROR_CODE_START_FAILED;
      case TIMEOUT -> ErrorCode.ERROR_CODE_TIMEOUT;
      case SHUTTING_DOWN -> ErrorCode.ERROR_CODE_SHUTTING_DOWN;
    };
  }
}
