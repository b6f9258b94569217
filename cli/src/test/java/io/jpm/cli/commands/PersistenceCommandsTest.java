package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.AgentPaths;
import io.jpm.cli.CliContext;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.KillReply;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SaveReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** save, resurrect and update against a fake agent. */
class PersistenceCommandsTest {
  // No process has these pids (pid_max is at most 2^22), so update does not wait for them.
  private static final long OLD_AGENT = 99_999_998L;
  private static final long NEW_AGENT = 99_999_999L;

  @TempDir Path home;

  private final FakeControlClient client =
      new FakeControlClient()
          .reply(
              Request.CommandCase.SAVE,
              Reply.newBuilder()
                  .setSave(SaveReply.newBuilder().setPath("/fake/home/dump.pb").setApps(2))
                  .build());

  private CliContext withHome(FakeAgentConnector agent) {
    return new CliContext(
        new AgentPaths(home),
        Path.of("/work"),
        agent,
        config -> {
          throw new AssertionError("no agent runs in unit tests");
        });
  }

  @Test
  void save_printsWhereAndHowManyApps() {
    CliRun run = CliRun.run(new FakeAgentConnector(client), "save");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("saved 2 apps to /fake/home/dump.pb\n");
  }

  @Test
  void save_agentWithoutAppsAndAListAlreadySaved_refusesToOverwriteIt() throws IOException {
    Files.writeString(home.resolve("dump.pb"), "a saved list");
    client.reply(Request.CommandCase.LIST, Replies.processes());

    CliRun run = CliRun.run(withHome(new FakeAgentConnector(client)), "save");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "jpm: save failed: the agent has no app; kept the list saved in "
                + home.resolve("dump.pb")
                + " (use --force to save an empty list)\n");
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(Request.CommandCase.LIST);
  }

  @Test
  void saveForce_agentWithoutApps_savesAnyway() throws IOException {
    Files.writeString(home.resolve("dump.pb"), "a saved list");

    CliRun run = CliRun.run(withHome(new FakeAgentConnector(client)), "save", "--force");

    assertThat(run.exitCode()).isZero();
    assertThat(client.lastRequest().hasSave()).isTrue();
  }

  @Test
  void resurrect_noAgent_spawnsOneAndPrintsTheRestoredInstances() {
    client.reply(
        Request.CommandCase.RESURRECT,
        Replies.processes(
            Replies.process(4, "web", ProcessState.PROCESS_STATE_RUNNING),
            Replies.process(5, "batch", ProcessState.PROCESS_STATE_STOPPED)));
    FakeAgentConnector agent = new FakeAgentConnector(client).notRunning();

    CliRun run = CliRun.run(agent, "resurrect");

    assertThat(run.exitCode()).isZero();
    assertThat(agent.spawns()).isEqualTo(1);
    assertThat(run.out()).contains("web").contains("online").contains("batch").contains("stopped");
  }

  @Test
  void resurrect_everythingAlreadyThere_saysSo() {
    client.reply(Request.CommandCase.RESURRECT, Replies.processes());

    CliRun run = CliRun.run(new FakeAgentConnector(client), "resurrect");

    assertThat(run.out())
        .isEqualTo("nothing to resurrect: the agent already has every saved app\n");
  }

  @Test
  void resurrect_nothingSaved_failsWithTheAgentsReason() {
    client.reply(
        Request.CommandCase.RESURRECT,
        Replies.error(
            ErrorCode.ERROR_CODE_INVALID_ARGUMENT, "no saved process list at /fake/home/dump.pb"));

    CliRun run = CliRun.run(new FakeAgentConnector(client), "resurrect");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo("jpm: resurrect failed: no saved process list at /fake/home/dump.pb\n");
  }

  @Test
  void update_noAgent_saysSoWithoutSpawning() {
    FakeAgentConnector agent = new FakeAgentConnector(client).notRunning();

    CliRun run = CliRun.run(agent, "update");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("no agent is running for /fake/home; the next command starts version ");
    assertThat(agent.spawns()).isZero();
  }

  @Test
  void update_runningAgent_handsOverThenReportsVersionsPidsAndReadoptedInstances() {
    AtomicInteger pings = new AtomicInteger();
    client
        .on(
            Request.CommandCase.PING,
            r -> Replies.ping(pings.getAndIncrement() == 0 ? OLD_AGENT : NEW_AGENT))
        .reply(Request.CommandCase.LIST, Replies.processes(running(0, 11), running(1, 12)))
        .reply(
            Request.CommandCase.HANDOVER,
            Reply.newBuilder().setKill(KillReply.getDefaultInstance()).build());
    FakeAgentConnector agent = new FakeAgentConnector(client);

    CliRun run = CliRun.run(agent, "update");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(client.requests())
        .extracting(Request::getCommandCase)
        .containsExactly(
            Request.CommandCase.PING,
            Request.CommandCase.LIST,
            Request.CommandCase.HANDOVER,
            Request.CommandCase.PING,
            Request.CommandCase.LIST);
    assertThat(agent.connects()).containsExactly(false, true);
    assertThat(run.out())
        .isEqualTo(
            "agent updated: 0.1.0-SNAPSHOT → 0.1.0-SNAPSHOT (pid 99999998 → 99999999); 2 instances"
                + " re-adopted, pids kept\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void update_anInstanceNotReadopted_warnsOnStderr() {
    AtomicInteger lists = new AtomicInteger();
    client
        .reply(Request.CommandCase.PING, Replies.ping(OLD_AGENT))
        .on(
            Request.CommandCase.LIST,
            r ->
                lists.getAndIncrement() == 0
                    ? Replies.processes(running(0, 11), running(1, 12))
                    : Replies.processes(running(0, 11), running(1, 77)))
        .reply(
            Request.CommandCase.HANDOVER,
            Reply.newBuilder().setKill(KillReply.getDefaultInstance()).build());

    CliRun run = CliRun.run(new FakeAgentConnector(client), "update");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("1 instance re-adopted, pids kept");
    assertThat(run.err()).startsWith("jpm: warning: 1 of 2 running instances were not re-adopted");
  }

  @Test
  void update_agentTooOldForHandover_failsWithoutStoppingIt() {
    client
        .reply(Request.CommandCase.PING, Replies.ping(OLD_AGENT))
        .reply(Request.CommandCase.LIST, Replies.processes())
        .reply(
            Request.CommandCase.HANDOVER,
            Replies.error(ErrorCode.ERROR_CODE_UNKNOWN_COMMAND, "unknown command"));

    CliRun run = CliRun.run(new FakeAgentConnector(client), "update");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("update failed: the agent (version").contains("older");
  }

  private static ProcessInfo running(int id, long pid) {
    return Replies.process(id, "web", ProcessState.PROCESS_STATE_RUNNING).toBuilder()
        .setPid(pid)
        .build();
  }
}
