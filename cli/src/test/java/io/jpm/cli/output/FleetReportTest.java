package io.jpm.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.ExitCodes;
import io.jpm.cli.testing.Fleets;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.SaveReply;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-host lines, words, verdicts and exit codes of fleet commands, and the hosts table. */
class FleetReportTest {
  @ParameterizedTest
  @CsvSource({
    "HOST_OUTCOME_OK, ok",
    "HOST_OUTCOME_FAILED, failed",
    "HOST_OUTCOME_TIMED_OUT, timed out",
    "HOST_OUTCOME_NOT_CONNECTED, not connected",
    "HOST_OUTCOME_NOT_TOUCHED, not touched"
  })
  void word_ofEachOutcome(HostOutcome outcome, String word) {
    assertThat(FleetReport.word(outcome)).isEqualTo(word);
  }

  @ParameterizedTest
  @EnumSource(
      value = HostOutcome.class,
      names = {"HOST_OUTCOME_FAILED", "HOST_OUTCOME_NOT_TOUCHED"})
  void exitCode_anyHostFailedOrNotTouched_isFailed(HostOutcome outcome) {
    FleetReply reply = reply(Fleets.ok("a", Replies.processes()), Fleets.not("b", outcome, "why"));

    assertThat(ExitCodes.ofFleet(reply)).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void exitCode_everyHostOk_is0AndNoVerdict() {
    FleetReply reply = reply(Fleets.ok("a", Replies.processes()));

    assertThat(ExitCodes.ofFleet(reply)).isEqualTo(ExitCodes.OK);
    assertThat(FleetReport.verdict("stop", reply)).isEmpty();
  }

  @Test
  void exitCode_someOkOthersUnreachable_isFailed() {
    FleetReply reply =
        reply(
            Fleets.ok("a", Replies.processes()),
            Fleets.not("b", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, ""));

    assertThat(ExitCodes.ofFleet(reply)).isEqualTo(ExitCodes.FAILED);
  }

  @Test
  void exitCode_noHostAnswered_isUnreachable() {
    FleetReply reply =
        reply(
            Fleets.not("a", HostOutcome.HOST_OUTCOME_TIMED_OUT, ""),
            Fleets.not("b", HostOutcome.HOST_OUTCOME_NOT_CONNECTED, ""));

    assertThat(ExitCodes.ofFleet(reply)).isEqualTo(ExitCodes.UNREACHABLE);
  }

  @Test
  void why_withoutMessage_usesTheAgentsErrorOrTheElapsedTime() {
    HostResult failed =
        HostResult.newBuilder()
            .setHost("a")
            .setOutcome(HostOutcome.HOST_OUTCOME_FAILED)
            .setReply(Replies.error(io.jpm.messages.v1.ErrorCode.ERROR_CODE_INTERNAL, "boom"))
            .build();
    HostResult timedOut =
        HostResult.newBuilder()
            .setHost("b")
            .setOutcome(HostOutcome.HOST_OUTCOME_TIMED_OUT)
            .setElapsedMs(3000)
            .build();

    assertThat(FleetReport.why(failed)).isEqualTo("boom");
    assertThat(FleetReport.why(timedOut)).isEqualTo("no answer within 3s");
  }

  @Test
  void lines_summariseEachOkReply() {
    Reply save =
        Reply.newBuilder().setSave(SaveReply.newBuilder().setApps(2).setPath("/h/dump.pb")).build();

    String text = FleetReport.lines(reply(Fleets.ok("web1", save)), ReplySummary::of);

    assertThat(text).isEqualTo("web1  ok  saved 2 apps to /h/dump.pb\n");
  }

  @Test
  void problems_nameEveryHostThatIsNotOk() {
    FleetReply reply =
        reply(
            Fleets.ok("a", Replies.processes()),
            Fleets.not("b", HostOutcome.HOST_OUTCOME_NOT_TOUCHED, ""));

    assertThat(FleetReport.problems(reply))
        .containsExactly("b not touched: the roll stopped before its batch");
  }

  @Test
  void hostsTable_lastSeenIsRelativeToNow() {
    Instant now = Instant.ofEpochMilli(Replies.CREATED_AT_MS + 2_500);

    String table =
        HostsRenderer.table(
            List.of(Fleets.host("web1", Replies.CREATED_AT_MS), Fleets.host("web2", 0)), now);

    assertThat(table.lines().toList().get(1)).contains("2s ago");
    assertThat(table.lines().toList().get(2)).contains("never");
  }

  private static FleetReply reply(HostResult... results) {
    return FleetReply.newBuilder().addAllResults(List.of(results)).build();
  }
}
