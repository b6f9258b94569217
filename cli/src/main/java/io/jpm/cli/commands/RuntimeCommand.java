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
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * `jpm runtime`: the container entry point, like pm2-runtime. Runs an agent inside this JVM, starts
 * a config file or a script with `jpm start`'s options, copies the apps' output to its own stdout
 * and stderr, and ends when no app runs any more or on SIGTERM/SIGINT, stopping the apps.
 */
@Command(
    name = "runtime",
    customSynopsis = {
      "jpm runtime [--formatted] [--no-auto-exit] CONFIG [--env PROFILE] [--env K=V...]",
      "jpm runtime [--formatted] [--no-auto-exit] [START OPTIONS] SCRIPT [-- ARGS...]",
      "jpm runtime [--formatted] [--no-auto-exit] --name NAME [START OPTIONS] -- COMMAND [ARGS...]",
    },
    description = {
      "The container entry point (pm2-runtime): runs the agent for JPM_HOME in the foreground,"
          + " inside this process, and starts the apps of CONFIG, or SCRIPT / COMMAND with the"
          + " options of `jpm start`. Refuses to run when an agent already runs for JPM_HOME.",
      "Every output line of the apps is copied as it comes: stdout lines to stdout, stderr lines"
          + " to stderr, bare as pm2-runtime prints them, or prefixed '3|web[0] | ' with"
          + " --formatted. The log files under JPM_HOME/logs are written as usual.",
      "Other jpm commands (list, logs, restart, ...) talk to this agent as usual. It ends when no"
          + " app runs or will run again (all stopped, exited for good, errored or deleted): exit"
          + " 0 when every app stopped or exited with code 0, else 1. On SIGTERM or SIGINT, and on"
          + " `jpm kill`, it stops the apps (each within its kill_timeout) and exits 0.",
      "Exit codes: 0 stopped cleanly; 1 an app failed, the start failed, or an agent already"
          + " runs for JPM_HOME; 2 usage error (nothing started).",
    })
public final class RuntimeCommand extends StartCommand {
  private static final long RECHECK_SECONDS = 5;
  private static final Set<String> RUNTIME_OPTIONS =
      Set.of("--raw", "--formatted", "--no-auto-exit");

  @ArgGroup(exclusive = true)
  private Format format;

  /** --raw or --formatted. */
  static final class Format {
    @Option(names = "--raw", description = "Print the apps' lines bare (the default, as pm2).")
    boolean raw;

    @Option(
        names = "--formatted",
        description = "Prefix each line with its instance, as `jpm logs` does: '3|web[0] | '.")
    boolean formatted;
  }

  // Set by the signal hook: the apps are being stopped, so their end is no verdict to report.
  private final AtomicBoolean signalled = new AtomicBoolean();

  @Option(
      names = "--no-auto-exit",
      description = "Keep running when no app runs any more (until SIGTERM or `jpm kill`).")
  private boolean noAutoExit;

  /** True when lines get the `jpm logs` prefix. */
  boolean formatted() {
    return format != null && format.formatted;
  }

  /** False when the runtime keeps running with no app left. */
  boolean autoExit() {
    return !noAutoExit;
  }

  @Override
  protected boolean goesWithConfigFile(String option) {
    return super.goesWithConfigFile(option) || RUNTIME_OPTIONS.contains(option);
  }

  /** The runtime's own agent answers, or it is gone: never spawn a detached one. */
  @Override
  protected boolean spawnsAgent() {
    return false;
  }

  @Override
  protected int executeOnFleet() {
    throw usageError("runtime is not available with --hosts: it runs an agent in the foreground");
  }

  @Override
  protected int execute() {
    Plan plan = plan();
    if (plan.startsExistingApps()) {
      throw new ParameterException(
          spec().commandLine(), "jpm runtime takes a config file, a script or -- COMMAND");
    }
    OneLineLogFormatter.installOnRootLogger();
    Semaphore changes = new Semaphore(0);
    OutputRelay relay = new OutputRelay(out(), err(), formatted());
    EmbeddedAgent embedded = startAgent(relay, changes);
    Thread exitOnSignal = new Thread(() -> endOnSignal(embedded, relay), "jpm-runtime-signal");
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
      throw CliFailure.failed("runtime failed: " + e.getMessage());
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
            "jpm-runtime-agent-end");
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
          call("runtime", list, Reply.ResultCase.PROCESSES).getProcesses().getProcessesList());
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

  private void note(String line) {
    err().println("jpm runtime: " + line);
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
