package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.Version;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How agent errors, transport failures and version skew reach the user: one line, one code. */
class AgentErrorsTest {
  private final FakeControlClient client = new FakeControlClient();
  private final FakeAgentConnector agent = new FakeAgentConnector(client);

  @ParameterizedTest
  @CsvSource({
    "ERROR_CODE_UNKNOWN_TARGET, 1",
    "ERROR_CODE_INVALID_ARGUMENT, 1",
    "ERROR_CODE_START_FAILED, 1",
    "ERROR_CODE_INTERNAL, 1",
    "ERROR_CODE_REJECTED_IN_STATE, 3",
    "ERROR_CODE_TIMEOUT, 4",
    "ERROR_CODE_SHUTTING_DOWN, 4",
  })
  void agentError_printsWhatFailedAndWhy_withItsExitCode(ErrorCode code, int exitCode) {
    client.reply(Request.CommandCase.STOP, Replies.error(code, "something about web"));

    CliRun run = CliRun.run(agent, "stop", "web");

    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.err()).isEqualTo("jpm: stop failed: something about web\n");
    assertThat(run.out()).isEmpty();
    assertThat(client.closed()).isTrue();
  }

  @Test
  void unsupportedProtocol_tellsTheUserToRestartTheAgent() {
    client.reply(
        Request.CommandCase.LIST, Replies.error(ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL, ""));

    CliRun run = CliRun.run(agent, "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().lines().filter(l -> l.startsWith("jpm: list failed")))
        .singleElement()
        .asString()
        .contains("does not speak protocol " + Version.PROTOCOL)
        .contains("restart the agent")
        .contains("jpm kill")
        .contains("/fake/home/agent.pid");
  }

  @Test
  void unknownCommand_tellsTheUserTheAgentIsOlder() {
    client.reply(
        Request.CommandCase.RESET, Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_COMMAND, ""));

    CliRun run = CliRun.run(agent, "reset", "web");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("jpm: reset failed: the agent")
        .contains("does not know this command")
        .contains("restart it with jpm kill");
  }

  @ParameterizedTest
  @CsvSource({"TIMEOUT, 4", "UNREACHABLE, 4", "BAD_REPLY, 1"})
  void transportFailure_printsOneLineWithItsExitCode(ControlException.Kind kind, int exitCode) {
    client.on(
        Request.CommandCase.LIST,
        request -> {
          throw new ControlException(kind, "no reply from the agent within 5s (ipc:///x)");
        });

    CliRun run = CliRun.run(agent, "list");

    assertThat(run.exitCode()).isEqualTo(exitCode);
    assertThat(run.err())
        .isEqualTo("jpm: list failed: no reply from the agent within 5s (ipc:///x)\n");
  }

  @Test
  void spawnFailure_pointsAtTheAgentLog_exit4() {
    FakeAgentConnector failing =
        new FakeAgentConnector(client)
            .failsToSpawn("agent did not start; see /fake/home/agent.log");

    CliRun run = CliRun.run(failing, "list");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).isEqualTo("jpm: agent did not start; see /fake/home/agent.log\n");
  }

  @Test
  void unexpectedReplyKind_isAFailure() {
    client.reply(Request.CommandCase.LIST, Replies.ping(1));

    CliRun run = CliRun.run(agent, "list");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("jpm: list failed: the agent answered PING");
  }

  @Test
  void versionSkew_warnsOnStderrOnly_andStdoutStaysParsable() {
    client
        .agentVersion("9.9.9")
        .reply(
            Request.CommandCase.LIST,
            Replies.processes(Replies.process(0, "web", ProcessState.PROCESS_STATE_RUNNING)));

    CliRun run = CliRun.run(agent, "jlist");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "jpm: warning: agent is version 9.9.9, this CLI is " + Version.software() + "\n");
    assertThat(run.out()).startsWith("[{").doesNotContain("warning");
  }

  @Test
  void sameVersion_noWarning() {
    client.reply(Request.CommandCase.LIST, Replies.processes());

    assertThat(CliRun.run(agent, "list").err()).isEmpty();
  }

  @Test
  void replyKind_matchesWhatWasAsked() {
    client.reply(Request.CommandCase.LIST, Reply.getDefaultInstance());

    assertThat(CliRun.run(agent, "list").exitCode()).isEqualTo(1);
  }
}
