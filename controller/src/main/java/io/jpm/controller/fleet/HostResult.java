package io.jpm.controller.fleet;

import java.time.Duration;

/**
 * One host's part of a fleet command.
 *
 * @param host the host name
 * @param outcome what happened
 * @param reply the agent's answer (OK and FAILED), else null
 * @param message one line for humans when the outcome is not OK, else empty
 * @param elapsed from sending to the answer (or to giving up); zero when never sent
 * @param batch the 1-based batch of a rolling run, 0 otherwise
 * @param <R> the reply type
 */
public record HostResult<R>(
    String host, HostOutcome outcome, R reply, String message, Duration elapsed, int batch) {

  /** A host a rolling run never reached. */
  public static <R> HostResult<R> notTouched(String host, int batch) {
    return new HostResult<>(
        host,
        HostOutcome.NOT_TOUCHED,
        null,
        "not touched: an earlier batch failed",
        Duration.ZERO,
        batch);
  }
}
