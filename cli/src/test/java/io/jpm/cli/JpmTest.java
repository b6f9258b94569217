package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.AgentPaths;
import io.jpm.agent.Version;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root command: version, help with exit codes, usage errors, and `jpm agent`. */
class JpmTest {
  private final FakeAgentConnector agent = new FakeAgentConnector(new FakeControlClient());

  @Test
  void version_printsSoftwareAndProtocolVersion() {
    CliRun run = CliRun.run(agent, "--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .isEqualTo("jpm " + Version.software() + " (protocol " + Version.PROTOCOL + ")\n");
  }

  @Test
  void help_listsEveryCommandAndTheExitCodes() {
    CliRun run = CliRun.run(agent, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("start", "stop", "restart", "delete", "list, ls", "jlist", "describe")
        .contains("scale", "signal", "reset", "ping", "kill", "agent", "events")
        .contains("Exit codes:")
        .containsPattern("\\n\\s+0\\s+ok")
        .containsPattern("\\n\\s+" + ExitCodes.FAILED + "\\s+the operation failed")
        .containsPattern("\\n\\s+" + ExitCodes.USAGE + "\\s+usage error")
        .containsPattern("\\n\\s+" + ExitCodes.REJECTED + "\\s+rejected in the instance")
        .containsPattern("\\n\\s+" + ExitCodes.UNREACHABLE + "\\s+agent unreachable");
  }

  @Test
  void subcommandHelp_alsoListsExitCodes() {
    assertThat(CliRun.run(agent, "stop", "--help").out()).contains("Exit codes:");
  }

  @Test
  void noSubcommand_isAUsageError() {
    CliRun run = CliRun.run(agent);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("jpm: Missing required subcommand");
  }

  @Test
  void unknownSubcommand_exits2WithPicocliMessage() {
    CliRun run = CliRun.run(agent, "frobnicate");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unmatched argument").contains("'frobnicate'");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void badTimeout_exits2() {
    assertThat(CliRun.run(agent, "--timeout", "0s", "list").exitCode()).isEqualTo(2);
    assertThat(CliRun.run(agent, "--timeout", "soon", "list").exitCode()).isEqualTo(2);
  }

  @Test
  void commandLine_argsNameASubcommand_registersOnlyThatOne() {
    CliContext context = CliRun.context(agent, Path.of("/work"));

    assertThat(
            Jpm.commandLine(context, new String[] {"--timeout", "2s", "ls", "web"})
                .getSubcommands())
        .containsOnlyKeys("list", "ls");
    assertThat(Jpm.commandLine(context, new String[] {"--timeout=2s", "stop"}).getSubcommands())
        .containsOnlyKeys("stop");
  }

  @Test
  void commandLine_helpOrUnknownCommand_registersEveryOne() {
    CliContext context = CliRun.context(agent, Path.of("/work"));

    assertThat(Jpm.commandLine(context, new String[] {"--help"}).getSubcommands())
        .containsKeys("start", "events", "ls")
        .hasSize(Jpm.SUBCOMMANDS.size() + 4);
    assertThat(Jpm.commandLine(context, new String[] {"stpo"}).getSubcommands())
        .hasSize(Jpm.SUBCOMMANDS.size() + 4);
  }

  @Test
  void commandLine_versionAlone_registersNone() {
    CliContext context = CliRun.context(agent, Path.of("/work"));

    assertThat(Jpm.commandLine(context, new String[] {"--version"}).getSubcommands()).isEmpty();
    assertThat(Jpm.commandLine(context, new String[] {"-V"}).getSubcommands()).isEmpty();
    assertThat(Jpm.commandLine(context, new String[] {"-V", "list"}).getSubcommands())
        .hasSize(Jpm.SUBCOMMANDS.size() + 4);
  }

  @Test
  void commandLine_onlyChosenSubcommand_stillInheritsTimeoutAndHelp() {
    FakeControlClient client =
        new FakeControlClient().reply(Request.CommandCase.LIST, Replies.processes());
    FakeAgentConnector running = new FakeAgentConnector(client);
    String[] args = {"list", "--timeout", "1500ms"};
    StringWriter out = new StringWriter();

    int code =
        Jpm.commandLine(CliRun.context(running, Path.of("/work")), args)
            .setOut(new PrintWriter(out, true))
            .execute(args);

    assertThat(code).isZero();
    assertThat(client.timeouts()).containsExactly(Duration.ofMillis(1500));
  }

  @Test
  void agent_runsTheAgentInTheForegroundWithHostName() {
    List<String> calls = new ArrayList<>();
    CliContext context =
        new CliContext(
            new AgentPaths(Path.of("/fake/home")),
            Path.of("/work"),
            agent,
            config -> {
              calls.add(config.paths().home() + " " + config.hostName());
              return 0;
            });

    CliRun run = CliRun.run(context, "agent", "--host", "web-1");

    assertThat(run.exitCode()).isZero();
    assertThat(calls).containsExactly("/fake/home web-1");
    assertThat(agent.connects()).isEmpty();
  }

  @Test
  void agent_runnerFails_exits1WithOneLine() {
    CliContext context =
        new CliContext(
            new AgentPaths(Path.of("/fake/home")),
            Path.of("/work"),
            agent,
            config -> {
              throw new IllegalStateException("another agent runs for /fake/home");
            });

    CliRun run = CliRun.run(context, "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("jpm: agent failed: another agent runs for /fake/home\n");
  }
}
