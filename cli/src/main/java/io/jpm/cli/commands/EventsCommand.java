package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.EventStream;
import io.jpm.cli.output.EventRenderer;
import io.jpm.cli.output.JsonRenderer;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm events`: prints the agent's event feed, one line per message, until Ctrl-C. */
public final class EventsCommand extends JpmCommand {
  // Not metrics.*: a sample of every instance every second would drown the events.
  private static final List<String> TOPICS = List.of("state.", "log.", "agent.");

  private boolean json;

  /** The last state sequence number seen per agent run (several with --hosts). */
  private final Map<String, Long> lastStateSeqs = new HashMap<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints what the agent publishes (state changes with reasons, output lines,"
                + " heartbeats), one line per message, until Ctrl-C. Warns on stderr when messages"
                + " were lost. Metrics samples have their own command: jpm metrics. With --hosts,"
                + " the events of the matching hosts, from the controller.");
    spec.addOption(
        Options.flag(() -> json, v -> json = v, "--json")
            .description("Print each message as one JSON object.")
            .build());
  }

  @Override
  protected int execute() {
    // Make sure an agent runs (spawning one if needed) before subscribing to it.
    call(
        "events",
        Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build(),
        Reply.ResultCase.PING);
    try (EventStream stream = context().connector().subscribe(TOPICS)) {
      print(stream, null);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "events failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /**
   * With --hosts: the controller's feed (every agent's events, re-published with their host), only
   * the hosts that match when the command starts.
   */
  @Override
  protected int executeOnFleet() {
    Set<String> hosts = fleetHostNames("events");
    try (EventStream stream = fleet().subscribe("events", TOPICS, SHORT_TIMEOUT)) {
      print(stream, hosts);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "events failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /** Prints the feed until it ends, only events of {@code hosts} unless null. */
  private void print(EventStream stream, Set<String> hosts) throws ControlException {
    for (Event e = stream.next(); e != null; e = stream.next()) {
      if (hosts != null && !hosts.contains(e.getHost())) {
        continue;
      }
      noteGap(e);
      out().println(json ? JsonRenderer.event(e) : EventRenderer.text(e));
      out().flush();
      if (out().checkError()) {
        return; // e.g. `jpm events | head`: the reader is gone
      }
    }
  }

  /** PUB/SUB drops silently; state sequence numbers reveal it. */
  private void noteGap(Event e) {
    if (e.getPayloadCase() != Event.PayloadCase.STATE) {
      return;
    }
    Long last = lastStateSeqs.put(e.getRunId(), e.getSeq());
    if (last != null && e.getSeq() > last + 1) {
      err()
          .println(
              "jpm: warning: missed "
                  + (e.getSeq() - last - 1)
                  + " state events"
                  + (onFleet() ? " from " + e.getHost() : ""));
      err().flush();
    }
  }
}
