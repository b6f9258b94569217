package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm kill`: stops every app, then the agent. Never spawns an agent. */
public final class KillCommand extends JpmCommand {
  private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Stops every app and then the agent, and waits until the agent has exited. The agent"
                + " forgets its state (JPM_HOME/state.pb), so the next one starts empty; a list"
                + " saved with `jpm save` stays. Exits 0 when no agent runs.");
  }

  @Override
  protected Duration defaultTimeout() {
    return LONG_TIMEOUT;
  }

  @Override
  protected int execute() {
    long pid;
    try {
      Request ping = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
      Duration deadline = timeout().compareTo(LIVENESS_TIMEOUT) < 0 ? timeout() : LIVENESS_TIMEOUT;
      pid = call("kill", ping, Reply.ResultCase.PING, deadline, false).getPing().getPid();
    } catch (CliFailure f) {
      if (f.exitCode() != ExitCodes.UNREACHABLE) {
        throw f;
      }
      out().println("no agent is running for " + context().paths().home());
      return ExitCodes.OK;
    }
    long started = System.nanoTime();
    Request kill = Request.newBuilder().setKill(KillRequest.getDefaultInstance()).build();
    int stopped =
        call("kill", kill, Reply.ResultCase.KILL, timeout(), false).getKill().getStopped();
    // The agent answers before it exits; wait so the next command finds no half-dead agent.
    AgentExits.await(pid, timeout().minusNanos(System.nanoTime() - started), "kill");
    out().println("agent stopped (pid " + pid + ", " + stopped + " instances stopped)");
    return ExitCodes.OK;
  }
}
