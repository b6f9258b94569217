package io.jpm.cli.commands;

import io.jpm.agent.Agent;
import io.jpm.agent.AgentEmbedding;
import io.jpm.agent.EmbeddedAgent;
import io.jpm.agent.OneLineLogFormatter;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.AgentSpawner;
import io.jpm.cli.output.TableRenderer;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ParameterException;

/**
 * The commands that run the agent for JPM_HOME inside this JVM, in the foreground, with `jpm
 * start`'s arguments (`jpm runtime`, `jpm dev`): start the agent and the apps, copy the apps'
 * output to the terminal, end when asked (SIGTERM/SIGINT, `jpm kill`) or, with {@link #autoExit},
 * when no app runs any more. On a signal the apps are stopped (each within its kill_timeout) and
 * the exit code is 0.
 */
public abstract class ForegroundCommand extends StartCommand {
  private static final long RECHECK_SECONDS = 5;

  // Set by the signal hook: the apps are being stopped, so their end is no verdict to report.
  private final AtomicBoolean signalled = new AtomicBoolean();

  /** The command's name in its notes on stderr: "runtime", "dev". */
  protected abstract String label();

  /** The relay that copies the apps' lines to this command's output. */
  abstract OutputRelay relay();

  /** True when the command ends by itself once no app runs or will run again. */
  abstract boolean autoExit();

  /** The command's own agent answers, or it is gone: never spawn a detached one. */
  @Override
  protected final boolean spawnsAgent() {
    return false;
  }

  @Override
  protected final int executeOnFleet() {
    throw usageError(
        label() + " is not available with --hosts: it runs an agent in the foreground");
  }

  @Override
  protected final int execute() {
    Plan plan = plan();
    if (plan.startsExistingApps()) {
      throw new ParameterException(
          spec().commandLine(), "jpm " + label() + " takes a config file, a script or -- COMMAND");
    }
    OneLineLogFormatter.installOnRootLogger();
    Semaphore changes = new Semaphore(0);
    OutputRelay relay = relay();
    EmbeddedAgent embedded = startAgent(relay, changes);
    Thread exitOnSignal =
        new Thread(() -> endOnSignal(embedded, relay), "jpm-" + label() + "-signal");
    Runtime.getRuntime().addShutdownHook(exitOnSignal);
    try {
      List<ProcessInfo> started = plan.send().get();
      err().print(TableRenderer.processes(started));
      err().flush();
      changes.release(); // judge once now: apps may already have exited
      return awaitEnd(embedded.agent(), changes);
    } finally {
      embedded.close();
      relay.close();
      removeHook(exitOnSignal);
    }
  }

  private EmbeddedAgent startAgent(OutputRelay relay, Semaphore changes) {
    AgentEmbedding embedding =
        new AgentEmbedding(
            (snapshot, previous, reason, deleted) -> changes.release(),
            relay,
            AgentEmbedding.OnSignal.STOP_APPS);
    try {
      return AgentSpawner.whileSpawnLocked(
          context().paths(), () -> EmbeddedAgent.start(context().paths(), null, embedding));
    } catch (IOException | RuntimeException e) {
      relay.close();
      throw CliFailure.failed(label() + " failed: " + e.getMessage());
    }
  }

  /**
   * Waits until the agent stops (`jpm kill`, a signal) or, with auto-exit, until no app runs any
   * more; returns the exit code. Woken by every state change and by the agent's end, and every few
   * seconds anyway.
   */
  private int awaitEnd(Agent agent, Semaphore changes) {
    Thread watcher =
        new Thread(
            () -> {
              awaitQuietly(agent);
              changes.release();
            },
            "jpm-" + label() + "-agent-end");
    watcher.setDaemon(true);
    watcher.start();
    try {
      while (true) {
        // A change wakes it at once; the timeout only makes up for a verdict that could not be
        // had (the agent did not answer in time).
        var unused = changes.tryAcquire(RECHECK_SECONDS, TimeUnit.SECONDS);
        changes.drainPermits();
        if (agent.awaitTermination(0, TimeUnit.MILLISECONDS)) {
          note(signalled.get() ? "apps stopped; exiting" : "the agent was stopped; exiting");
          return ExitCodes.OK;
        }
        Optional<RuntimeVerdict> verdict =
            autoExit() && !signalled.get() ? judge() : Optional.empty();
        if (verdict.isPresent()) {
          note(verdict.get().summary() + "; exiting with " + verdict.get().exitCode());
          return verdict.get().exitCode();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCodes.FAILED;
    }
  }

  /** The verdict on the agent's instances now; empty while one runs, or when the agent is going. */
  private Optional<RuntimeVerdict> judge() {
    Request list = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
    try {
      return RuntimeVerdict.of(
          call(label(), list, Reply.ResultCase.PROCESSES).getProcesses().getProcessesList());
    } catch (CliFailure e) {
      // The agent is being stopped (jpm kill, a signal), and its end wakes the loop again; or it
      // did not answer in time, and the loop asks again shortly.
      return Optional.empty();
    }
  }

  /**
   * The shutdown hook of SIGTERM/SIGINT. The agent's own hook stops the apps ({@link
   * AgentEmbedding.OnSignal#STOP_APPS}); this one waits for that, writes the apps' last lines, and
   * ends the JVM with 0 rather than the 143 the JVM reports after a signal: a clean stop, as
   * pm2-runtime's exit code says.
   */
  private void endOnSignal(EmbeddedAgent embedded, OutputRelay relay) {
    signalled.set(true);
    note("signalled: stopping the apps");
    awaitQuietly(embedded.agent());
    relay.close();
    Runtime.getRuntime().halt(ExitCodes.OK);
  }

  /** Writes one line of the command's own on stderr: "jpm dev: ...". */
  final void note(String line) {
    err().println("jpm " + label() + ": " + line);
    err().flush();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // A signal is being handled: the hook ends the JVM once the apps are stopped.
    }
  }

  private static void awaitQuietly(Agent agent) {
    try {
      agent.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
