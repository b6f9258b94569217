package io.jpm.cli.output;

import io.jpm.agent.supervision.Durations;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a fleet command's per-host results read: one aligned line per host (host, outcome, the
 * rolling batch, a summary or the error), the problems of the hosts that were not OK, and the one
 * stderr line that sums up a command that did not succeed everywhere.
 */
public final class FleetReport {
  private FleetReport() {}

  /** The word for an outcome: ok, failed, timed out, not connected, not touched. */
  public static String word(HostOutcome outcome) {
    return switch (outcome) {
      case HOST_OUTCOME_OK -> "ok";
      case HOST_OUTCOME_FAILED -> "failed";
      case HOST_OUTCOME_TIMED_OUT -> "timed out";
      case HOST_OUTCOME_NOT_CONNECTED -> "not connected";
      case HOST_OUTCOME_NOT_TOUCHED -> "not touched";
      default -> "unknown";
    };
  }

  /**
   * One line per host, in the controller's order: host, outcome, "batch N" for a rolling run, then
   * {@code summary} of the agent's reply for an OK host, else why it is not OK.
   */
  public static String lines(FleetReply reply, Function<Reply, String> summary) {
    boolean rolling = reply.getResultsList().stream().anyMatch(r -> r.getBatch() > 0);
    List<String[]> rows = new ArrayList<>();
    for (HostResult r : reply.getResultsList()) {
      String text =
          r.getOutcome() == HostOutcome.HOST_OUTCOME_OK ? summary.apply(r.getReply()) : why(r);
      rows.add(
          rolling
              ? new String[] {r.getHost(), word(r.getOutcome()), batch(r), text}
              : new String[] {r.getHost(), word(r.getOutcome()), text});
    }
    return TableRenderer.columns(rows);
  }

  /** Why a host is not OK, in one line: the agent's error, or what the controller says. */
  public static String why(HostResult r) {
    if (!r.getMessage().isEmpty()) {
      return r.getMessage();
    }
    if (r.hasReply() && r.getReply().hasError()) {
      return r.getReply().getError().getMessage();
    }
    return switch (r.getOutcome()) {
      case HOST_OUTCOME_TIMED_OUT ->
          "no answer within " + Durations.format(Duration.ofMillis(r.getElapsedMs()));
      case HOST_OUTCOME_NOT_CONNECTED -> "the controller has no connection to it";
      case HOST_OUTCOME_NOT_TOUCHED -> "the roll stopped before its batch";
      default -> "";
    };
  }

  /** "web2 failed: why", for stderr, one per host that is not OK (not touched ones included). */
  public static List<String> problems(FleetReply reply) {
    List<String> lines = new ArrayList<>();
    for (HostResult r : reply.getResultsList()) {
      if (r.getOutcome() != HostOutcome.HOST_OUTCOME_OK) {
        lines.add(r.getHost() + " " + word(r.getOutcome()) + ": " + why(r));
      }
    }
    return lines;
  }

  /**
   * The stderr line when not every host is OK: "reload failed on 1 of 3 hosts (web2); stopped early
   * after batch 2: 1 host not touched"; empty when every host is OK.
   */
  public static Optional<String> verdict(String operation, FleetReply reply) {
    List<String> bad = new ArrayList<>();
    int notTouched = 0;
    int lastBatch = 0;
    for (HostResult r : reply.getResultsList()) {
      if (r.getOutcome() == HostOutcome.HOST_OUTCOME_NOT_TOUCHED) {
        notTouched++;
      } else if (r.getOutcome() != HostOutcome.HOST_OUTCOME_OK) {
        bad.add(r.getHost());
        lastBatch = Math.max(lastBatch, r.getBatch());
      }
    }
    if (bad.isEmpty() && notTouched == 0) {
      return Optional.empty();
    }
    int total = reply.getResultsCount();
    String text =
        operation
            + " did not succeed on "
            + (bad.size() + notTouched)
            + " of "
            + ReplySummary.plural(total, "host")
            + (bad.isEmpty() ? "" : " (" + String.join(", ", bad) + ")");
    if (reply.getStoppedEarly()) {
      text +=
          "; stopped early"
              + (lastBatch > 0 ? " at batch " + lastBatch : "")
              + ": "
              + ReplySummary.plural(notTouched, "host")
              + " not touched";
    }
    return Optional.of(text);
  }

  /**
   * The rows of every OK host's ProcessList, each with {@code host} set to the controller's name of
   * the host (the fleet identity that --hosts matches).
   */
  public static List<ProcessInfo> rows(FleetReply reply) {
    List<ProcessInfo> rows = new ArrayList<>();
    for (HostResult r : reply.getResultsList()) {
      if (r.getOutcome() == HostOutcome.HOST_OUTCOME_OK && r.getReply().hasProcesses()) {
        r.getReply()
            .getProcesses()
            .getProcessesList()
            .forEach(p -> rows.add(p.toBuilder().setHost(r.getHost()).build()));
      }
    }
    return rows;
  }

  private static String batch(HostResult r) {
    return r.getBatch() > 0 ? "batch " + r.getBatch() : "-";
  }
}
