package io.jpm.cli.output;

import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.StateChanged;

/** One readable line per published event, for `jpm events` and `jpm metrics`. */
public final class EventRenderer {
  private EventRenderer() {}

  /** The event as one line: time, host, kind, then what happened. */
  public static String text(Event e) {
    String head = Units.isoInstant(e.getAtMs()) + " " + e.getHost() + " ";
    return head
        + switch (e.getPayloadCase()) {
          case STATE -> state(e.getState());
          case LOG -> log(e.getLog());
          case HEARTBEAT -> heartbeat(e.getHeartbeat());
          case METRICS -> metrics(e.getMetrics());
          case PAYLOAD_NOT_SET -> "unknown event #" + e.getSeq();
        };
  }

  /** "state", "log", "heartbeat", "metrics" or "unknown". */
  static String type(Event e) {
    return switch (e.getPayloadCase()) {
      case STATE -> "state";
      case LOG -> "log";
      case HEARTBEAT -> "heartbeat";
      case METRICS -> "metrics";
      case PAYLOAD_NOT_SET -> "unknown";
    };
  }

  /** "out", "err" or "?" for an output stream. */
  static String stream(LogLine.Stream stream) {
    return switch (stream) {
      case STREAM_OUT -> "out";
      case STREAM_ERR -> "err";
      case STREAM_UNSPECIFIED, UNRECOGNIZED -> "?";
    };
  }

  private static String state(StateChanged s) {
    ProcessInfo p = s.getProcess();
    return "state "
        + p.getName()
        + "#"
        + p.getInstance()
        + " (id "
        + p.getId()
        + ") "
        + StatusWords.of(s.getPrevious())
        + " -> "
        + (s.getDeleted() ? "deleted" : StatusWords.of(p.getState()))
        + (s.getReason().isEmpty() ? "" : ": " + s.getReason());
  }

  private static String log(LogLine l) {
    return "log "
        + l.getApp()
        + "#"
        + l.getInstance()
        + " "
        + stream(l.getStream())
        + "| "
        + l.getLine();
  }

  private static String metrics(Metrics m) {
    boolean running = m.hasPid();
    return "metrics "
        + m.getApp()
        + "#"
        + m.getInstance()
        + " (id "
        + m.getId()
        + ") "
        + StatusWords.of(m.getState())
        + " pid "
        + (running ? Long.toString(m.getPid()) : "-")
        + " cpu "
        + (running ? Units.cpu(m.getCpuPercent()) : "-")
        + " mem "
        + (running ? Units.memory(m.getMemoryBytes()) : "-")
        + " ↺ "
        + m.getRestarts()
        + " uptime "
        + (running ? Units.uptime(m.getUptimeMs()) : "-");
  }

  private static String heartbeat(Heartbeat h) {
    return "heartbeat agent "
        + h.getVersion()
        + ", "
        + h.getRunning()
        + "/"
        + h.getInstances()
        + " instances running";
  }
}
