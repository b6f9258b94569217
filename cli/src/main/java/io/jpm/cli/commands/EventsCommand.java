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
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `jpm events`: prints the agent's event feed, one line per message, until Ctrl-C. */
@Command(
    name = "events",
    description =
        "Prints what the agent publishes (state changes with reasons, output lines, heartbeats),"
            + " one line per message, until Ctrl-C. Warns on stderr when messages were lost."
            + " Metrics samples have their own command: jpm metrics.")
public final class EventsCommand extends JpmCommand {
  @Option(names = "--json", description = "Print each message as one JSON object.")
  private boolean json;

  private String runId = "";
  private long lastStateSeq;

  @Override
  protected int execute() {
    // Make sure an agent runs (spawning one if needed) before subscribing to it.
    call(
        "events",
        Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build(),
        Reply.ResultCase.PING);
    // Not metrics.*: a sample of every instance every second would drown the events.
    try (EventStream stream =
        context().connector().subscribe(List.of("state.", "log.", "agent."))) {
      for (Event e = stream.next(); e != null; e = stream.next()) {
        noteGap(e);
        out().println(json ? JsonRenderer.event(e) : EventRenderer.text(e));
        out().flush();
      }
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, "events failed: " + e.getMessage());
    }
    return ExitCodes.OK;
  }

  /** PUB/SUB drops silently; state sequence numbers reveal it. */
  private void noteGap(Event e) {
    if (e.getPayloadCase() != Event.PayloadCase.STATE) {
      return;
    }
    if (e.getRunId().equals(runId) && e.getSeq() > lastStateSeq + 1) {
      err().println("jpm: warning: missed " + (e.getSeq() - lastStateSeq - 1) + " state events");
      err().flush();
    }
    runId = e.getRunId();
    lastStateSeq = e.getSeq();
  }
}
