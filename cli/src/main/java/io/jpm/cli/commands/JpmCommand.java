package io.jpm.cli.commands;

import io.jpm.cli.AgentChannel;
import io.jpm.cli.CliContext;
import io.jpm.cli.CliFailure;
import io.jpm.cli.Jpm;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every jpm subcommand shares: the context, the agent channel, the output streams, and the
 * rule that a {@link CliFailure} becomes one {@code jpm: ...} line on stderr and its exit code.
 */
public abstract class JpmCommand implements Callable<Integer> {
  /** Reply deadline of commands that only read or signal. */
  protected static final Duration SHORT_TIMEOUT = Duration.ofSeconds(5);

  /** Reply deadline of commands that wait for processes to start or stop. */
  protected static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);

  @ParentCommand private Jpm root;

  @Spec private CommandSpec spec;

  private AgentChannel channel;

  /** Runs the command; failures become a message and an exit code. */
  @Override
  public final Integer call() {
    try {
      return execute();
    } catch (CliFailure failure) {
      err().println("jpm: " + failure.getMessage());
      err().flush();
      return failure.exitCode();
    } finally {
      if (channel != null) {
        channel.close();
      }
      out().flush();
    }
  }

  /** The command's work; returns the exit code. */
  protected abstract int execute();

  /** The reply deadline when --timeout is not given. */
  protected Duration defaultTimeout() {
    return SHORT_TIMEOUT;
  }

  /** The reply deadline: --timeout, else {@link #defaultTimeout()}. */
  protected final Duration timeout() {
    return root.timeout() != null ? root.timeout() : defaultTimeout();
  }

  /** Sends a request to the agent, spawning one if none runs (unless {@link #spawnsAgent()}). */
  protected final Reply call(String operation, Request request, Reply.ResultCase expected) {
    return channel().call(operation, request, timeout(), spawnsAgent(), expected);
  }

  /**
   * Whether {@link #call(String, Request, Reply.ResultCase)} may spawn an agent: by default yes.
   */
  protected boolean spawnsAgent() {
    return true;
  }

  /** Sends a request to a running agent; never spawns one. */
  protected final Reply callRunning(String operation, Request request, Reply.ResultCase expected) {
    return channel().call(operation, request, timeout(), false, expected);
  }

  /** Sends a request with an explicit deadline, spawning an agent only when {@code spawn}. */
  protected final Reply call(
      String operation,
      Request request,
      Reply.ResultCase expected,
      Duration deadline,
      boolean spawn) {
    return channel().call(operation, request, deadline, spawn, expected);
  }

  /** The world this invocation runs in. */
  protected final CliContext context() {
    return root.context();
  }

  /** This command's picocli model. */
  protected final CommandSpec spec() {
    return spec;
  }

  /** Standard output. */
  protected final PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /** Standard error. */
  protected final PrintWriter err() {
    return spec.commandLine().getErr();
  }

  private AgentChannel channel() {
    if (channel == null) {
      channel = new AgentChannel(context().connector(), context().paths(), err());
    }
    return channel;
  }
}
