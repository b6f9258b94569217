package io.jpm.cli.output;

import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.ProcessDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * Fleet output grouped by host: `describe` as one section per host, `logs --nostream` as every line
 * prefixed with its host (like pdsh), so a fleet's output stays greppable.
 */
public final class FleetSections {
  private FleetSections() {}

  /**
   * One section per host: "host web1" (or "host web2: failed: why"), then the host's instance
   * descriptions; a blank line between sections.
   */
  public static String describe(FleetReply reply) {
    StringBuilder text = new StringBuilder();
    for (HostResult r : reply.getResultsList()) {
      if (text.length() > 0) {
        text.append(System.lineSeparator());
      }
      text.append("host ").append(r.getHost());
      if (r.getOutcome() != HostOutcome.HOST_OUTCOME_OK) {
        text.append(": ")
            .append(FleetReport.word(r.getOutcome()))
            .append(": ")
            .append(FleetReport.why(r))
            .append(System.lineSeparator());
        continue;
      }
      text.append(System.lineSeparator());
      List<ProcessDetail> details = r.getReply().getDescribe().getDetailsList();
      for (int i = 0; i < details.size(); i++) {
        if (i > 0) {
          text.append(System.lineSeparator());
        }
        text.append(DetailRenderer.render(details.get(i)));
      }
    }
    return text.toString();
  }

  /** Every OK host's last lines as `jpm logs` prints them, each prefixed with "HOST | ". */
  public static String logTails(FleetReply reply, int lines, boolean raw) {
    List<String> text = new ArrayList<>();
    for (HostResult r : reply.getResultsList()) {
      if (r.getOutcome() == HostOutcome.HOST_OUTCOME_OK && r.getReply().hasLogTail()) {
        for (String line :
            LogLineRenderer.tail(r.getReply().getLogTail().getLinesList(), lines, raw)) {
          text.add(r.getHost() + " | " + line);
        }
      }
    }
    return text.isEmpty() ? "" : String.join(System.lineSeparator(), text) + System.lineSeparator();
  }
}
