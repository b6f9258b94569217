package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Request;
import org.junit.jupiter.api.Test;

/** flush and send against a fake agent. */
class FlushSendCommandsTest {
  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.FLUSH,
              Replies.processes(
                  Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING),
                  Replies.process(4, "db", ProcessState.PROCESS_STATE_STOPPED)))
          .reply(
              Request.CommandCase.SEND,
              Replies.processes(Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING)));
  private final FakeAgentConnector agent = new FakeAgentConnector(client);

  @Test
  void flush_noTarget_asksForAllAndNamesEachInstance() {
    CliRun run = CliRun.run(agent, "flush");

    assertThat(run.exitCode()).isZero();
    assertThat(client.lastRequest().getFlush().getTargetsList()).isEmpty();
    assertThat(run.out().lines()).containsExactly("flushed web[0] (id 3)", "flushed db[0] (id 4)");
  }

  @Test
  void flush_targets_sendsThem() {
    CliRun.run(agent, "flush", "web", "7");

    assertThat(client.lastRequest().getFlush().getTargetsList()).containsExactly("web", "7");
  }

  @Test
  void send_wordsAfterTheTarget_joinedIntoOneLine() {
    CliRun run = CliRun.run(agent, "send", "web", "reload", "config", "now");

    assertThat(run.exitCode()).isZero();
    assertThat(client.lastRequest().getSend().getTarget()).isEqualTo("web");
    assertThat(client.lastRequest().getSend().getLine()).isEqualTo("reload config now");
    assertThat(run.out()).isEqualTo("sent to web[0] (id 3)\n");
  }

  @Test
  void send_notRunning_exits3WithTheReason() {
    client.reply(
        Request.CommandCase.SEND,
        Replies.error(ErrorCode.ERROR_CODE_REJECTED_IN_STATE, "no instance of 'db' is running"));

    CliRun run = CliRun.run(agent, "send", "db", "hi");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).isEqualTo("jpm: send failed: no instance of 'db' is running\n");
  }

  @Test
  void send_withoutLine_isAUsageError() {
    CliRun run = CliRun.run(agent, "send", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(client.requests()).isEmpty();
  }
}
