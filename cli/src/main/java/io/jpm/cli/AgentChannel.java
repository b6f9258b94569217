package io.jpm.cli;

import io.jpm.agent.AgentPaths;
import io.jpm.agent.Version;
import io.jpm.cli.client.AgentConnector;
import io.jpm.cli.client.ControlClient;
import io.jpm.cli.client.ControlException;
import io.jpm.messages.v1.Error;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * One invocation's line to the agent: connects on first use, warns once on stderr when the agent's
 * version differs from the CLI's, and turns every failure into a {@link CliFailure} with the
 * documented exit code. Use from one thread only.
 */
public final class AgentChannel implements AutoCloseable {
  private final AgentConnector connector;
  private final AgentPaths paths;
  private final PrintWriter err;
  private ControlClient client;
  private boolean warned;

  /** A channel; nothing is connected until the first call. */
  public AgentChannel(AgentConnector connector, AgentPaths paths, PrintWriter err) {
    this.connector = connector;
    this.paths = paths;
    this.err = err;
  }

  /**
   * Sends {@code request} and returns the reply, which carries {@code expected}.
   *
   * @param operation what the user asked, for messages ("stop", "list")
   * @param spawn start an agent first when none runs
   * @throws CliFailure when the agent is unreachable, answers with an error, or answers something
   *     else than {@code expected}
   */
  public Reply call(
      String operation,
      Request request,
      Duration timeout,
      boolean spawn,
      Reply.ResultCase expected) {
    Reply reply;
    try {
      if (client == null) {
        client = connector.connect(spawn);
      }
      reply = client.call(request, timeout);
    } catch (ControlException e) {
      throw failure(operation, e);
    }
    warnOnVersionSkew(reply);
    if (reply.hasError()) {
      throw failure(operation, reply);
    }
    if (reply.getResultCase() != expected) {
      throw CliFailure.failed(
          operation + " failed: the agent answered " + reply.getResultCase() + ", not " + expected);
    }
    return reply;
  }

  private void warnOnVersionSkew(Reply reply) {
    String agentVersion = reply.getAgentVersion();
    if (!warned && !agentVersion.isEmpty() && !agentVersion.equals(Version.software())) {
      warned = true;
      err.println(
          "jpm: warning: agent is version " + agentVersion + ", this CLI is " + Version.software());
      err.flush();
    }
  }

  /** The message and exit code for a transport failure. */
  static CliFailure failure(String operation, ControlException e) {
    return switch (e.kind()) {
      case SPAWN_FAILED -> new CliFailure(ExitCodes.UNREACHABLE, e.getMessage());
      case UNREACHABLE, TIMEOUT ->
          new CliFailure(ExitCodes.UNREACHABLE, operation + " failed: " + e.getMessage());
      case BAD_REPLY -> CliFailure.failed(operation + " failed: " + e.getMessage());
    };
  }

  /** The message and exit code for an error the agent answered with. */
  private CliFailure failure(String operation, Reply reply) {
    Error error = reply.getError();
    String prefix = operation + " failed: ";
    String why = error.getMessage().isBlank() ? error.getCode().name() : error.getMessage();
    String agent = reply.getAgentVersion().isEmpty() ? "?" : reply.getAgentVersion();
    return switch (error.getCode()) {
      case ERROR_CODE_UNSUPPORTED_PROTOCOL ->
          CliFailure.failed(
              prefix
                  + "the agent (version "
                  + agent
                  + ", protocol "
                  + reply.getProtocolVersion()
                  + ") does not speak protocol "
                  + Version.PROTOCOL
                  + " of this CLI (version "
                  + Version.software()
                  + "); restart the agent with this version: jpm kill, or kill the pid in "
                  + paths.pidFile());
      case ERROR_CODE_UNKNOWN_COMMAND ->
          CliFailure.failed(
              prefix
                  + "the agent (version "
                  + agent
                  + ") does not know this command; it is older than this CLI (version "
                  + Version.software()
                  + "): restart it with jpm kill, then run the command again");
      case ERROR_CODE_REJECTED_IN_STATE -> new CliFailure(ExitCodes.REJECTED, prefix + why);
      case ERROR_CODE_TIMEOUT, ERROR_CODE_SHUTTING_DOWN ->
          new CliFailure(ExitCodes.UNREACHABLE, prefix + why);
      default -> CliFailure.failed(prefix + why);
    };
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
