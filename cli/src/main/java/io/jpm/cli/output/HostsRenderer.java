package io.jpm.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jpm.messages.v1.HostConnection;
import io.jpm.messages.v1.HostStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** `jpm hosts`: the controller's view of the fleet, as a table or as JSON. */
public final class HostsRenderer {
  private static final String[] HEADERS = {
    "host", "labels", "endpoint", "connection", "last seen", "version", "running"
  };
  private static final JsonFactory FACTORY = new JsonFactory();

  private HostsRenderer() {}

  /** One row per host under a header; "last seen" relative to {@code now} ("2s ago"). */
  public static String table(List<HostStatus> hosts, Instant now) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (HostStatus h : hosts) {
      rows.add(
          new String[] {
            h.getHost(),
            labels(h.getLabelsMap()),
            dashIfEmpty(h.getEndpoint()),
            connection(h.getConnection()),
            lastSeen(h.getLastSeenMs(), now),
            dashIfEmpty(h.getAgentVersion()),
            h.getRunning() + "/" + h.getInstances()
          });
    }
    return TableRenderer.columns(rows);
  }

  /** The hosts as one JSON array (for scripts). */
  public static String json(List<HostStatus> hosts) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      g.writeStartArray();
      for (HostStatus h : hosts) {
        g.writeStartObject();
        g.writeStringField("host", h.getHost());
        g.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> e : new TreeMap<>(h.getLabelsMap()).entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeStringField("endpoint", h.getEndpoint());
        g.writeStringField("eventsEndpoint", h.getEventsEndpoint());
        g.writeStringField("connection", connection(h.getConnection()));
        if (h.getLastSeenMs() > 0) {
          g.writeStringField("lastSeen", Units.isoInstant(h.getLastSeenMs()));
        } else {
          g.writeNullField("lastSeen");
        }
        g.writeStringField("agentVersion", h.getAgentVersion());
        g.writeNumberField("instances", h.getInstances());
        g.writeNumberField("running", h.getRunning());
        g.writeStringField("publicKey", h.getPublicKey());
        g.writeStringField("source", h.getSource());
        g.writeStringField("problem", h.getProblem());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return text.toString();
  }

  /** connected, disconnected or pending. */
  static String connection(HostConnection c) {
    return switch (c) {
      case HOST_CONNECTION_CONNECTED -> "connected";
      case HOST_CONNECTION_DISCONNECTED -> "disconnected";
      case HOST_CONNECTION_PENDING -> "pending";
      default -> "unknown";
    };
  }

  /** "2s ago", "5m ago", "never"; "just now" for a time at or after {@code now}. */
  static String lastSeen(long epochMillis, Instant now) {
    if (epochMillis <= 0) {
      return "never";
    }
    long ago = now.toEpochMilli() - epochMillis;
    return ago < 1000 ? "just now" : Units.uptime(ago) + " ago";
  }

  private static String labels(Map<String, String> labels) {
    if (labels.isEmpty()) {
      return "-";
    }
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(labels).forEach((k, v) -> pairs.add(k + "=" + v));
    return String.join(",", pairs);
  }

  private static String dashIfEmpty(String text) {
    return text.isEmpty() ? "-" : text;
  }
}
