package io.jpm.cli.commands;

import io.jpm.cli.AgentChannel;
import io.jpm.cli.CliContext;
import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.FleetChannel;
import io.jpm.cli.Jpm;
import io.jpm.cli.client.ControllerAddress;
import io.jpm.cli.output.FleetReport;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.HostsReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What every jpm subcommand shares: the context, the agent channel, the output streams, and the
 * rule that a {@link CliFailure} becomes one {@code jpm: ...} line on stderr and its exit code.
 */
public abstract class JpmCommand implements Callable<Integer> {
  /** Reply deadline of commands that only read or signal. */
  protected static final Duration SHORT_TIMEOUT = Duration.ofSeconds(5);

  /** Reply deadline of commands that wait for processes to start or stop. */
  protected static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);

  /** Each host's deadline when --timeout is not given with --hosts (the controller's default). */
  protected static final Duration FLEET_HOST_TIMEOUT = Duration.ofSeconds(60);

  /** What the CLI waits beyond the hosts' own deadlines for the controller's answer. */
  private static final Duration FLEET_SLACK = Duration.ofSeconds(10);

  private Jpm root;

  private CommandSpec spec;

  private AgentChannel channel;

  private FleetChannel fleetChannel;

  /**
   * This command's picocli model, bound to this instance, as a subcommand of {@code root} (its
   * options and world); built in code, see {@link Options}.
   */
  public final CommandSpec commandSpec(Jpm root) {
    this.root = root;
    spec = CommandSpec.wrapWithoutInspection(this);
    describe(spec);
    Options.addStandardHelp(spec);
    return spec;
  }

  /** Declares the command's usage text, options and parameters in {@code spec}. */
  protected abstract void describe(CommandSpec spec);

  /**
   * Runs the command, locally or with --hosts on the fleet; failures become a message and a code.
   */
  @Override
  public final Integer call() {
    try {
      checkFleetOptions();
      return onFleet() ? executeOnFleet() : execute();
    } catch (CliFailure failure) {
      err().println("jpm: " + failure.getMessage());
      err().flush();
      return failure.exitCode();
    } finally {
      if (channel != null) {
        channel.close();
      }
      if (fleetChannel != null) {
        fleetChannel.close();
      }
      out().flush();
      err().flush();
    }
  }

  /** The command's work on the local agent; returns the exit code. */
  protected abstract int execute();

  /**
   * The command's work with --hosts, through the controller; returns the exit code. By default the
   * command is not available on a fleet (a usage error).
   */
  protected int executeOnFleet() {
    throw usageError(spec.name() + " is not available with --hosts");
  }

  /** True for a command that always talks to the controller (`jpm hosts`). */
  protected boolean alwaysOnFleet() {
    return false;
  }

  /** True when --parallel applies without --hosts (reload: instances at a time). */
  protected boolean takesLocalParallel() {
    return false;
  }

  /** True for the commands a fleet runs batch by batch (restart, reload). */
  protected boolean rollsOnFleet() {
    return false;
  }

  /** True for a command that reads --controller without --hosts (`jpm agent`: announce to it). */
  protected boolean usesControllerOption() {
    return false;
  }

  /** The root --controller value, or null. */
  protected final String controllerOption() {
    return root.controller();
  }

  /** True when this invocation goes to the controller. */
  protected final boolean onFleet() {
    return root.hosts() != null || alwaysOnFleet();
  }

  /** The --hosts pattern; empty (every host) when not given. */
  protected final String hostPattern() {
    return root.hosts() == null ? "" : root.hosts();
  }

  /** The --parallel value, or null. */
  protected final Parallelism parallel() {
    return root.parallel();
  }

  private void checkFleetOptions() {
    Parallelism p = root.parallel();
    if (!onFleet()) {
      if (root.controller() != null && !usesControllerOption()) {
        throw usageError("--controller goes with --hosts (or jpm hosts)");
      }
      if (p != null && p.percent()) {
        throw usageError("--parallel " + p.text() + " is a share of the hosts: it needs --hosts");
      }
      if (p != null && !takesLocalParallel()) {
        throw usageError(
            "--parallel applies to reload (instances at a time), or with --hosts to restart and"
                + " reload (hosts at a time)");
      }
    } else if (p != null && !rollsOnFleet()) {
      throw usageError(
          "--parallel with --hosts sets the batch size of a rolling restart or reload only");
    }
  }

  /** A usage error (exit 2) with picocli's two-line report. */
  protected final ParameterException usageError(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The line to the controller of --controller, JPM_CONTROLLER or this JPM_HOME. */
  protected final FleetChannel fleet() {
    if (fleetChannel == null) {
      ControllerAddress address;
      try {
        address = ControllerAddress.resolve(root.controller(), context().env(), context().paths());
      } catch (IllegalArgumentException e) {
        throw usageError(e.getMessage());
      }
      fleetChannel = new FleetChannel(context().controllers(), address);
    }
    return fleetChannel;
  }

  /**
   * Sends {@code request} to the hosts of --hosts through the controller. The controller is asked
   * for the matching hosts first (that it answers at all, and how many batches a roll makes), so
   * the CLI waits as long as the hosts may take, and no longer.
   */
  protected final FleetReply callFleet(String operation, Request request) {
    HostsReply hosts = fleet().hosts(operation, hostPattern(), SHORT_TIMEOUT);
    Duration perHost = root.timeout() != null ? root.timeout() : FLEET_HOST_TIMEOUT;
    FleetSelection.Builder selection = FleetSelection.newBuilder().setHosts(hostPattern());
    if (root.timeout() != null) {
      selection.setHostTimeoutMs((int) Math.min(Integer.MAX_VALUE, root.timeout().toMillis()));
    }
    int batches = 1;
    if (rollsOnFleet()) {
      Parallelism p = root.parallel() != null ? root.parallel() : new Parallelism(1, false);
      if (root.parallel() != null) {
        selection.setBatch(p.text());
      }
      batches = Math.max(1, p.batches(hosts.getHostsCount()));
    }
    Duration deadline = perHost.multipliedBy(batches).plus(FLEET_SLACK);
    return fleet().fleet(operation, request, selection.build(), deadline);
  }

  /**
   * Prints one line per host ({@code summary} of each OK host's reply) and, unless every host is
   * OK, one stderr line that sums up what did not succeed; returns the exit code.
   */
  protected final int report(String operation, FleetReply reply, Function<Reply, String> summary) {
    out().print(FleetReport.lines(reply, summary));
    out().flush();
    FleetReport.verdict(operation, reply).ifPresent(v -> err().println("jpm: " + v));
    return ExitCodes.ofFleet(reply);
  }

  /**
   * The names of the hosts --hosts matches, as the controller resolves the pattern (so the CLI and
   * the controller never disagree on what a pattern means).
   *
   * @throws CliFailure when no host matches
   */
  protected final Set<String> fleetHostNames(String operation) {
    Set<String> names = new TreeSet<>();
    fleet()
        .hosts(operation, hostPattern(), SHORT_TIMEOUT)
        .getHostsList()
        .forEach(h -> names.add(h.getHost()));
    if (names.isEmpty()) {
      throw CliFailure.failed(operation + " failed: no host matches '" + hostPattern() + "'");
    }
    return names;
  }

  /** Prints one stderr line per host that is not OK; returns the exit code. */
  protected final int reportProblems(FleetReply reply) {
    FleetReport.problems(reply).forEach(line -> err().println("jpm: " + line));
    return ExitCodes.ofFleet(reply);
  }

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
