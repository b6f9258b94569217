package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.cli.output.FleetReport;
import io.jpm.cli.output.MonitView;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm monit`: a live table of the instances' CPU, memory, restarts, status and uptime. */
public final class MonitCommand extends JpmCommand {
  private static final Duration KEY_CHECK = Duration.ofMillis(100);
  private static final List<String> TOPICS = List.of("metrics.", "state.", "agent.heartbeat");

  private Duration interval = Duration.ofSeconds(1);

  private boolean once;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Shows a live table of every instance (id, name, pid, status, restarts, uptime, CPU,"
                + " memory), kept current by the agent's metrics.* and state.* events and redrawn"
                + " every --interval. On a terminal it takes the whole screen; q or Ctrl-C quits"
                + " and gives the terminal back as it was. When stdin or stdout is not a terminal"
                + " it prints one table per interval instead (like top -b), until Ctrl-C or until"
                + " stdout is closed; --once prints one table and exits. With --hosts, the matching"
                + " hosts' instances with a host column, from the controller.");
    spec.addOption(
        Options.option(Duration.class, () -> interval, v -> interval = v, "--interval")
            .paramLabel("DUR")
            .converters(new Converters.PositiveDuration())
            .description("How often the table is redrawn (default: 1s).")
            .build());
    spec.addOption(
        Options.flag(() -> once, v -> once = v, "--once")
            .description("Print the table once and exit.")
            .build());
  }

  @Override
  protected int execute() {
    if (once) {
      out().print(view().render(Instant.now(), ""));
      return ExitCodes.OK;
    }
    // Subscribed before the list is read, so no change between the two is missed; heartbeats
    // name the host even when there is no instance yet.
    try (EventStream stream = context().connector().subscribe(TOPICS)) {
      MonitView view = view();
      if (onTerminal()) {
        return onScreen(stream, view);
      }
      return asText(stream, view);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "monit failed: " + e.getMessage());
    }
  }

  /**
   * With --hosts: the same view of the matching hosts, with a host column, from the controller's
   * feed; hosts that do not answer the first list are named on stderr and have no rows.
   */
  @Override
  protected int executeOnFleet() {
    Set<String> hosts = fleetHostNames("monit");
    FleetReply listed =
        callFleet("monit", Request.newBuilder().setList(ListRequest.getDefaultInstance()).build());
    int code = reportProblems(listed);
    MonitView view = MonitView.fleet("hosts " + hostPattern(), FleetReport.rows(listed));
    if (once) {
      out().print(view.render(Instant.now(), ""));
      return code;
    }
    try (EventStream feed = fleet().subscribe("monit", TOPICS, SHORT_TIMEOUT);
        EventStream stream = new HostFilter(feed, hosts)) {
      return onTerminal() ? onScreen(stream, view) : asText(stream, view);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "monit failed: " + e.getMessage());
    }
  }

  /** True when stdin and stdout are a terminal (JDK 17: System.console() is null otherwise). */
  private static boolean onTerminal() {
    return System.console() != null;
  }

  private MonitView view() {
    Request request = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
    List<ProcessInfo> rows =
        call("monit", request, Reply.ResultCase.PROCESSES).getProcesses().getProcessesList();
    return new MonitView(rows.isEmpty() ? "" : rows.get(0).getHost(), rows);
  }

  /** One table per interval on stdout, until stdout is closed (or Ctrl-C). */
  private int asText(EventStream stream, MonitView view) throws ControlException {
    while (true) {
      out().print(view.render(Instant.now(), ""));
      out().println();
      out().flush();
      if (out().checkError()) {
        return ExitCodes.OK; // e.g. `jpm monit | head`: the reader is gone
      }
      collect(stream, view, interval, new AtomicBoolean());
    }
  }

  /** The full-screen view, until q (or end of input) or Ctrl-C. */
  private int onScreen(EventStream stream, MonitView view) throws ControlException {
    AtomicBoolean quit = new AtomicBoolean();
    try (TerminalScreen screen = TerminalScreen.enter(out())) {
      watchKeys(System.in, quit);
      while (!quit.get()) {
        screen.draw(view.render(Instant.now(), "q: quit"));
        collect(stream, view, interval, quit);
      }
    } catch (IOException e) {
      throw CliFailure.failed("monit failed: cannot set up the terminal: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /** Applies the events that arrive within {@code period}, checking {@code quit} every 100 ms. */
  private static void collect(
      EventStream stream, MonitView view, Duration period, AtomicBoolean quit)
      throws ControlException {
    long deadline = System.nanoTime() + period.toNanos();
    long left;
    while (!quit.get() && (left = deadline - System.nanoTime()) > 0) {
      Event e = stream.next(Duration.ofNanos(Math.min(left, KEY_CHECK.toNanos())));
      if (e != null) {
        view.apply(e);
      }
    }
  }

  /** Sets {@code quit} on q, Q or end of input, read on a daemon thread. */
  private static void watchKeys(InputStream in, AtomicBoolean quit) {
    Thread keys =
        new Thread(
            () -> {
              try {
                int c;
                while ((c = in.read()) >= 0 && c != 'q' && c != 'Q') {
                  // other keys do nothing
                }
              } catch (IOException e) {
                // treated as end of input
              }
              quit.set(true);
            },
            "jpm-monit-keys");
    keys.setDaemon(true);
    keys.start();
  }
}
