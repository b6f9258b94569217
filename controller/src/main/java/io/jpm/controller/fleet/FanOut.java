package io.jpm.controller.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Sends one command to many hosts and gathers one {@link HostResult} per host: to every host at
 * once, or rolling (batch after batch, the next only once every host of the previous one is OK; the
 * first batch with a host that is not OK stops the run and the hosts after it are NOT_TOUCHED).
 *
 * <p>Each host gets {@code timeout} to answer; a late answer is ignored. Thread-safety: the
 * returned futures complete on whichever thread answers last (a link's IO thread or the timer's);
 * nothing here holds a lock, since every host's result is its own future.
 */
public final class FanOut {
  private final Timer timer;
  private final InstantSource clock;

  /** Sends a host's command to it; fails with {@link HostNotConnectedException} when it cannot. */
  @FunctionalInterface
  public interface HostCall<R> {
    /** Sends the command to {@code host}; the future completes with the host's reply. */
    CompletableFuture<R> send(String host);
  }

  /** A fan-out whose host timeouts run on {@code timer}, measured with {@code clock}. */
  public FanOut(Timer timer, InstantSource clock) {
    this.timer = timer;
    this.clock = clock;
  }

  /**
   * Sends to every host at once.
   *
   * @param failure the agent's error message when a reply is an error, null when it is a success
   */
  public <R> CompletableFuture<FleetResult<R>> all(
      List<String> hosts, Duration timeout, HostCall<R> call, Function<R, String> failure) {
    return batch(hosts, 0, timeout, call, failure).thenApply(r -> new FleetResult<>(r, false));
  }

  /** Sends batch after batch (see the class comment); batches are numbered from 1. */
  public <R> CompletableFuture<FleetResult<R>> rolling(
      List<List<String>> batches, Duration timeout, HostCall<R> call, Function<R, String> failure) {
    return next(batches, 0, new ArrayList<>(), timeout, call, failure);
  }

  private <R> CompletableFuture<FleetResult<R>> next(
      List<List<String>> batches,
      int index,
      List<HostResult<R>> done,
      Duration timeout,
      HostCall<R> call,
      Function<R, String> failure) {
    if (index == batches.size()) {
      return CompletableFuture.completedFuture(new FleetResult<>(done, false));
    }
    return batch(batches.get(index), index + 1, timeout, call, failure)
        .thenCompose(
            results -> {
              done.addAll(results);
              if (results.stream().allMatch(r -> r.outcome() == HostOutcome.OK)) {
                return next(batches, index + 1, done, timeout, call, failure);
              }
              for (int b = index + 1; b < batches.size(); b++) {
                for (String host : batches.get(b)) {
                  done.add(HostResult.notTouched(host, b + 1));
                }
              }
              return CompletableFuture.completedFuture(new FleetResult<>(done, true));
            });
  }

  private <R> CompletableFuture<List<HostResult<R>>> batch(
      List<String> hosts,
      int batch,
      Duration timeout,
      HostCall<R> call,
      Function<R, String> failure) {
    List<CompletableFuture<HostResult<R>>> each = new ArrayList<>();
    for (String host : hosts) {
      each.add(one(host, batch, timeout, call, failure));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  private <R> CompletableFuture<HostResult<R>> one(
      String host, int batch, Duration timeout, HostCall<R> call, Function<R, String> failure) {
    Instant start = clock.instant();
    CompletableFuture<HostResult<R>> result = new CompletableFuture<>();
    Runnable cancel =
        timer.schedule(
            timeout,
            () ->
                result.complete(
                    new HostResult<>(
                        host,
                        HostOutcome.TIMED_OUT,
                        null,
                        "no answer within " + Durations.text(timeout),
                        elapsed(start),
                        batch)));
    CompletableFuture<R> sent;
    try {
      sent = call.send(host);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    var unused =
        sent.whenComplete(
            (reply, error) -> {
              cancel.run();
              result.complete(answered(host, batch, start, reply, error, failure));
            });
    return result;
  }

  private <R> HostResult<R> answered(
      String host,
      int batch,
      Instant start,
      R reply,
      Throwable error,
      Function<R, String> failure) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof HostNotConnectedException) {
      return new HostResult<>(
          host, HostOutcome.NOT_CONNECTED, null, cause.getMessage(), Duration.ZERO, batch);
    }
    if (cause != null) {
      return new HostResult<>(
          host,
          HostOutcome.FAILED,
          null,
          String.valueOf(cause.getMessage()),
          elapsed(start),
          batch);
    }
    String why = failure.apply(reply);
    if (why != null) {
      return new HostResult<>(host, HostOutcome.FAILED, reply, why, elapsed(start), batch);
    }
    return new HostResult<>(host, HostOutcome.OK, reply, "", elapsed(start), batch);
  }

  private Duration elapsed(Instant start) {
    return Duration.between(start, clock.instant());
  }
}
