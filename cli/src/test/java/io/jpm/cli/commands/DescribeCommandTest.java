package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.DescribeReply;
import io.jpm.messages.v1.InstanceEvent;
import io.jpm.messages.v1.ProcessDetail;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import org.junit.jupiter.api.Test;

/** describe against a fake agent: every section, and never an environment value. */
class DescribeCommandTest {
  private static final ProcessDetail DETAIL =
      ProcessDetail.newBuilder()
          .setProcess(Replies.process(3, "web", ProcessState.PROCESS_STATE_FATAL))
          .setSpec(
              AppSpec.newBuilder()
                  .setName("web")
                  .setScript("/srv/web/app.py")
                  .setCwd("/srv/web")
                  // A careless agent that leaks a value: the CLI still prints names only.
                  .putEnv("DB_PASSWORD", "hunter2")
                  // The starting shell's environment: neither names nor values are printed.
                  .putBaseEnv("SHELL_TOKEN_NAME", "shell-token-value")
                  .putBaseEnv("HOME", "/home/someone")
                  .setInstances(1)
                  .setAutorestart(true)
                  .setMaxRestarts(16)
                  .setMinUptimeMs(1000)
                  .setRestartDelayMs(0)
                  .setKillTimeoutMs(1600)
                  .setKillSignal("SIGTERM")
                  .addStopExitCodes(0)
                  .setMaxMemoryBytes(200L << 20))
          .addEnvNames("DB_PASSWORD")
          .addArgv("python3")
          .addArgv("/srv/web/app.py")
          .addArgv("--greeting")
          .addArgv("hello world")
          .setOutLog("/fake/home/logs/web-0-out.log")
          .setErrLog("/fake/home/logs/web-0-err.log")
          .addEvents(
              InstanceEvent.newBuilder()
                  .setAtMs(Replies.CREATED_AT_MS)
                  .setFrom(ProcessState.PROCESS_STATE_BACKOFF)
                  .setTo(ProcessState.PROCESS_STATE_FATAL)
                  .setReason(
                      "exited with code 1 after 120ms (unstable: 16/16 in a row); giving up"))
          .build();

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.DESCRIBE,
              Reply.newBuilder()
                  .setDescribe(DescribeReply.newBuilder().addDetails(DETAIL))
                  .build());

  private final CliRun run = CliRun.run(new FakeAgentConnector(client), "describe", "web");

  @Test
  void describe_fatalInstance_explainsWhyWithEventReasons() {
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("web#0 (id 3)\n")
        .contains("status")
        .contains("errored")
        .contains("waiting-restart -> errored")
        .contains("2026-01-02T03:04:05.678Z")
        .contains("giving up");
  }

  @Test
  void describe_instance_showsArgvCwdLogsAndPolicy() {
    assertThat(run.out())
        .contains("python3 /srv/web/app.py --greeting 'hello world'")
        .contains("/srv/web\n")
        .contains("/fake/home/logs/web-0-out.log")
        .contains("/fake/home/logs/web-0-err.log")
        .contains("1.6s")
        .contains("SIGTERM")
        .contains("200.0mb");
  }

  @Test
  void describe_env_showsNamesNeverValues() {
    assertThat(run.out()).contains("DB_PASSWORD").doesNotContain("hunter2");
    assertThat(run.err()).doesNotContain("hunter2");
  }

  @Test
  void describe_baseEnv_showsOnlyHowManyVariables() {
    assertThat(run.out())
        .contains("base environment")
        .contains("2 variables from the starting shell (values hidden)")
        .doesNotContain("SHELL_TOKEN_NAME")
        .doesNotContain("shell-token-value")
        .doesNotContain("/home/someone");
  }

  @Test
  void describe_request_carriesTargets() {
    assertThat(client.lastRequest().getDescribe().getTargetsList()).containsExactly("web");
  }
}
