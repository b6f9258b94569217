package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.messages.v1.HandoverRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks the running agent to hand over: it writes its state and exits WITHOUT stopping apps, so the
 * next agent re-adopts them. Used by `update` and `startup --install`.
 */
final class AgentHandover {
  private static final Duration LIVENESS_TIMEOUT = Duration.ofSeconds(2);

  /**
   * The agent that handed over.
   *
   * @param agent who it was
   * @param processes its instances just before the handover
   */
  record HandedOver(PingReply agent, List<ProcessInfo> processes) {}

  private AgentHandover() {}

  /**
   * Hands the running agent over and waits until its process is gone. Never spawns an agent.
   *
   * @return empty when no agent runs
   */
  static Optional<HandedOver> run(JpmCommand command, String operation, Duration timeout) {
    PingReply agent;
    try {
      Request ping = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
      Duration liveness = timeout.compareTo(LIVENESS_TIMEOUT) < 0 ? timeout : LIVENESS_TIMEOUT;
      agent = command.call(operation, ping, Reply.ResultCase.PING, liveness, false).getPing();
    } catch (CliFailure f) {
      if (f.exitCode() != ExitCodes.UNREACHABLE) {
        throw f;
      }
      return Optional.empty();
    }
    Request list = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
    List<ProcessInfo> processes =
        command
            .call(operation, list, Reply.ResultCase.PROCESSES, timeout, false)
            .getProcesses()
            .getProcessesList();
    long started = System.nanoTime();
    Request handover =
        Request.newBuilder().setHandover(HandoverRequest.getDefaultInstance()).build();
    command.call(operation, handover, Reply.ResultCase.KILL, timeout, false);
    AgentExits.await(agent.getPid(), timeout.minusNanos(System.nanoTime() - started), operation);
    return Optional.of(new HandedOver(agent, processes));
  }
}
