package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `jpm agent`: runs the agent in the foreground, for systemd and containers. */
@Command(
    name = "agent",
    description =
        "Runs the agent for JPM_HOME in the foreground (for systemd and containers). It first"
            + " restores the apps a previous agent left, re-adopting those still running. `jpm"
            + " kill` stops it and its apps; SIGTERM or SIGINT (Ctrl-C) stop only the agent,"
            + " leaving the apps running for the next agent. Other commands start one in the"
            + " background when none runs.")
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
