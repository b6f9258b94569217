package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `jpm agent`: runs the agent in the foreground, for systemd and containers. */
@Command(
    name = "agent",
    description =
        "Runs the agent for JPM_HOME in the foreground until it is stopped (jpm kill, SIGTERM or"
            + " SIGINT). Other commands start one in the background when none runs.")
public final class AgentCommand extends JpmCommand {
  @Option(
      names = "--host",
      paramLabel = "NAME",
      description = "Host name the agent reports (default: the machine's).")
  private String host;

  @Override
  protected int execute() {
    try {
      return context().agentRunner().run(context().paths(), host);
    } catch (RuntimeException e) {
      throw CliFailure.failed("agent failed: " + e.getMessage());
    }
  }
}
