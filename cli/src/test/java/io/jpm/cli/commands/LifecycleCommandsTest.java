package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.ReloadReply;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ScaleRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** stop, restart, delete, reset, scale and signal against a fake agent. */
class LifecycleCommandsTest {
  private static final ProcessInfo WEB =
      Replies.process(3, "web", ProcessState.PROCESS_STATE_RUNNING);
  private static final Reply WEB_LIST = Replies.processes(WEB);

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.STOP,
              Replies.processes(Replies.process(3, "web", ProcessState.PROCESS_STATE_STOPPED)))
          .reply(Request.CommandCase.RESTART, WEB_LIST)
          .reply(Request.CommandCase.DELETE, WEB_LIST)
          .reply(Request.CommandCase.RESET, WEB_LIST)
          .reply(Request.CommandCase.SCALE, WEB_LIST)
          .reply(Request.CommandCase.SIGNAL, WEB_LIST);
  private final FakeAgentConnector agent = new FakeAgentConnector(client);

  @ParameterizedTest
  @CsvSource({"stop,STOP,60", "restart,RESTART,60", "delete,DELETE,60", "reset,RESET,5"})
  void execute_targetCommand_sendsTargetsWithItsDefaultTimeout(
      String command, Request.CommandCase kind, int timeoutSeconds) {
    CliRun run = CliRun.run(agent, command, "web", "7");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    Request request = client.lastRequest();
    assertThat(request.getCommandCase()).isEqualTo(kind);
    assertThat(request.toString()).contains("targets: \"web\"").contains("targets: \"7\"");
    assertThat(client.timeouts()).containsExactly(Duration.ofSeconds(timeoutSeconds));
    assertThat(agent.connects()).containsExactly(true);
  }

  @Test
  void execute_timeoutOption_overridesDefaultBeforeOrAfterSubcommand() {
    CliRun.run(agent, "--timeout", "2s", "stop", "web");
    CliRun.run(agent, "stop", "web", "--timeout=750ms");

    assertThat(client.timeouts()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(750));
  }

  @Test
  void execute_stop_printsTableWithStoppedStatus() {
    CliRun run = CliRun.run(agent, "stop", "web");

    assertThat(run.out()).contains("web").contains("stopped");
  }

  @Test
  void execute_reload_sendsTargetsParallelAndEnvAndPrintsTheTable() {
    client.reply(
        Request.CommandCase.RELOAD,
        Reply.newBuilder().setReload(ReloadReply.newBuilder().addProcesses(WEB)).build());

    CliRun run = CliRun.run(agent, "reload", "web", "--parallel", "2", "--env", "A=1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("web").contains("online");
    ReloadRequest sent = client.lastRequest().getReload();
    assertThat(sent.getTargetsList()).containsExactly("web");
    assertThat(sent.getParallel()).isEqualTo(2);
    assertThat(sent.getEnvUpdatesMap()).containsEntry("A", "1");
    assertThat(client.timeouts()).containsExactly(Duration.ofSeconds(60));
  }

  @Test
  void execute_reloadOfAppWithoutCheck_saysItWasRestarted() {
    client.reply(
        Request.CommandCase.RELOAD,
        Reply.newBuilder()
            .setReload(ReloadReply.newBuilder().addProcesses(WEB).addRestartedApps("web"))
            .build());

    CliRun run = CliRun.run(agent, "reload", "web");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .isEqualTo(
            "jpm: app 'web' has no readiness check (--ready) and no --port: restarted instead of"
                + " reloaded (its old processes stopped before the new ones started)\n");
    assertThat(client.lastRequest().getReload().getParallel()).isEqualTo(1);
  }

  @Test
  void execute_reloadFailed_exits1WithTheAgentsReason() {
    client.reply(
        Request.CommandCase.RELOAD,
        Replies.error(
            ErrorCode.ERROR_CODE_START_FAILED,
            "app 'web' instance 0 (id 3): the replacement (pid 9) failed: not ready within 3s"));

    CliRun run = CliRun.run(agent, "reload", "web");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the replacement (pid 9) failed: not ready within 3s");
  }

  @ParameterizedTest
  @CsvSource({"'reload web --parallel 0'", "'reload web --parallel x'", "'reload'"})
  void execute_reloadUsageError_exits2(String line) {
    CliRun run = CliRun.run(agent, line.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_delete_printsOneLinePerDeletedInstance() {
    assertThat(CliRun.run(agent, "delete", "web").out()).isEqualTo("deleted web#0 (id 3)\n");
  }

  @ParameterizedTest
  @CsvSource({"stop", "restart", "delete", "reset", "describe"})
  void execute_targetCommandWithoutTarget_exits2(String command) {
    CliRun run = CliRun.run(agent, command);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("TARGET");
    assertThat(agent.connects()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"4,ABSOLUTE,4", "+2,DELTA,2", "-2,DELTA,-2", "0,ABSOLUTE,0"})
  void execute_scale_parsesCount(String count, ScaleRequest.CountCase kind, int value) {
    CliRun run = CliRun.run(agent, "scale", "web", count);

    assertThat(run.exitCode()).isZero();
    ScaleRequest scale = client.lastRequest().getScale();
    assertThat(scale.getName()).isEqualTo("web");
    assertThat(scale.getCountCase()).isEqualTo(kind);
    assertThat(kind == ScaleRequest.CountCase.DELTA ? scale.getDelta() : scale.getAbsolute())
        .isEqualTo(value);
  }

  @ParameterizedTest
  @CsvSource({"x", "+", "2.5", "--3"})
  void execute_scaleWithBadCount_exits2(String count) {
    CliRun run = CliRun.run(agent, "scale", "web", count);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void execute_signal_sendsCanonicalNameAndReportsEachInstance() {
    CliRun run = CliRun.run(agent, "signal", "usr2", "web");

    assertThat(run.exitCode()).isZero();
    assertThat(client.lastRequest().getSignal().getSignal()).isEqualTo("SIGUSR2");
    assertThat(client.lastRequest().getSignal().getTargetsList()).containsExactly("web");
    assertThat(run.out()).isEqualTo("sent SIGUSR2 to web#0 (id 3, pid 1003)\n");
  }

  @Test
  void execute_signalUnknown_exits2() {
    CliRun run = CliRun.run(agent, "signal", "SIGFOO", "web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown signal 'SIGFOO'");
    assertThat(agent.connects()).isEmpty();
  }
}
