package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.LogTailReply;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.List;
import org.junit.jupiter.api.Test;

/** logs: the tail from the agent's files, then live lines from the feed, filtered and prefixed. */
class LogsCommandTest {
  private static LogLine line(int id, String app, LogLine.Stream stream, String text) {
    return LogLine.newBuilder()
        .setId(id)
        .setApp(app)
        .setInstance(0)
        .setStream(stream)
        .setLine(text)
        .build();
  }

  private static Event live(LogLine l) {
    return Event.newBuilder().setHost("h1").setRunId("r").setSeq(1).setLog(l).build();
  }

  private static final LogLine.Stream OUT = LogLine.Stream.STREAM_OUT;
  private static final LogLine.Stream ERR = LogLine.Stream.STREAM_ERR;

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.LIST,
              Replies.processes(Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING)))
          .reply(
              Request.CommandCase.LOG_TAIL,
              Reply.newBuilder()
                  .setLogTail(
                      LogTailReply.newBuilder()
                          .addLines(line(3, "web", OUT, "old 1"))
                          .addLines(line(3, "web", OUT, "old 2"))
                          .addLines(line(3, "web", ERR, "old oops")))
                  .build());
  private final FakeAgentConnector agent =
      new FakeAgentConnector(client)
          .publishes(
              List.of(
                  live(line(3, "web", OUT, "new 1")),
                  live(line(8, "db", OUT, "not ours")),
                  live(line(3, "web", ERR, "new oops"))));

  @Test
  void logs_target_printsTailGroupedThenLiveLinesOfTheTargetOnly() {
    CliRun run = CliRun.run(agent, "logs", "web");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "web[0] (id 3) out, last 15 lines:",
            "3|web[0] | old 1",
            "3|web[0] | old 2",
            "web[0] (id 3) err, last 15 lines:",
            "3|web[0] err | old oops",
            "3|web[0] | new 1",
            "3|web[0] err | new oops");
    Request tail = client.requests().get(1);
    assertThat(tail.getLogTail().getTargetsList()).containsExactly("web");
    assertThat(tail.getLogTail().getLines()).isEqualTo(15);
    assertThat(tail.getLogTail().getStream()).isEqualTo(LogLine.Stream.STREAM_UNSPECIFIED);
  }

  @Test
  void logs_noTarget_followsEveryApp() {
    CliRun run = CliRun.run(agent, "logs", "--lines", "0");

    assertThat(run.out().lines())
        .containsExactly("3|web[0] | new 1", "8|db[0] | not ours", "3|web[0] err | new oops");
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(Request.CommandCase.LIST);
  }

  @Test
  void logs_nostreamRawErr_printsOnlyTheBareTailOfStderr() {
    CliRun run = CliRun.run(agent, "logs", "web", "--nostream", "--raw", "--err", "--lines", "5");

    assertThat(run.out().lines()).containsExactly("old 1", "old 2", "old oops");
    assertThat(client.lastRequest().getLogTail().getStream()).isEqualTo(ERR);
    assertThat(client.lastRequest().getLogTail().getLines()).isEqualTo(5);
  }

  @Test
  void logs_outOnly_dropsLiveStderrLines() {
    CliRun run = CliRun.run(agent, "logs", "web", "--out", "--lines", "0");

    assertThat(run.out().lines()).containsExactly("3|web[0] | new 1");
  }

  @Test
  void logs_errAndOutTogether_isAUsageError() {
    CliRun run = CliRun.run(agent, "logs", "--err", "--out");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mutually exclusive");
  }

  @Test
  void logs_negativeLines_isAUsageError() {
    CliRun run = CliRun.run(agent, "logs", "--lines", "-1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--lines must be between 0 and 10000");
  }

  @Test
  void logs_unknownTarget_failsWithTheAgentsMessage() {
    client.reply(
        Request.CommandCase.LIST,
        Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_TARGET, "no app, id or namespace matches 'x'"));

    CliRun run = CliRun.run(agent, "logs", "x");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("jpm: logs failed: no app, id or namespace matches 'x'\n");
  }

  @Test
  void liveFilter_idTarget_onlyThatInstance() {
    LogsCommand.LiveFilter f =
        new LogsCommand.LiveFilter(
            List.of("3"),
            List.of(Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING)),
            LogLine.Stream.STREAM_UNSPECIFIED);

    assertThat(f.topics()).containsExactly("log.web.");
    assertThat(f.accepts(line(3, "web", OUT, "x"))).isTrue();
    assertThat(f.accepts(line(4, "web", OUT, "x"))).isFalse();
  }
}
