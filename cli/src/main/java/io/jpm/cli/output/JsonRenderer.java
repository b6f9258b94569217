package io.jpm.cli.output;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.StateChanged;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * JSON output for scripts: `jlist` rows (exactly the fields of the spec, env never included), `ping
 * --json`, `events --json` and `metrics --json` (whose fields are named as in `jlist`). One compact
 * line per document, like pm2's jlist.
 */
public final class JsonRenderer {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonRenderer() {}

  /** A JSON document written by {@code body}. */
  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** The `jlist` array: one object per instance. */
  public static String processes(List<ProcessInfo> processes) {
    return json(
        g -> {
          g.writeStartArray();
          for (ProcessInfo p : processes) {
            process(g, p);
          }
          g.writeEndArray();
        });
  }

  /**
   * `ping --json`: {version, host, pid, endpoints: {control, events, metrics, remoteControl,
   * remoteEvents}, publicKey, role, labels} (absent endpoints and key are null).
   */
  public static String ping(PingReply ping) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeStringField("version", ping.getVersion());
          g.writeStringField("host", ping.getHost());
          g.writeNumberField("pid", ping.getPid());
          g.writeObjectFieldStart("endpoints");
          g.writeStringField("control", ping.getControlEndpoint());
          g.writeStringField("events", ping.getEventsEndpoint());
          nullableString(g, "metrics", ping.getMetricsUrl());
          nullableString(g, "remoteControl", ping.getRemoteControlEndpoint());
          nullableString(g, "remoteEvents", ping.getRemoteEventsEndpoint());
          g.writeEndObject();
          nullableString(g, "publicKey", ping.getPublicKey());
          g.writeStringField("role", ping.getRole());
          g.writeObjectFieldStart("labels");
          for (var label : new java.util.TreeMap<>(ping.getLabelsMap()).entrySet()) {
            g.writeStringField(label.getKey(), label.getValue());
          }
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** One `events --json` or `metrics --json` line. */
  public static String event(Event e) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeStringField("type", EventRenderer.type(e));
          g.writeStringField("host", e.getHost());
          g.writeStringField("runId", e.getRunId());
          g.writeNumberField("seq", e.getSeq());
          g.writeStringField("at", Units.isoInstant(e.getAtMs()));
          switch (e.getPayloadCase()) {
            case STATE -> state(g, e.getState());
            case LOG -> log(g, e.getLog());
            case HEARTBEAT -> heartbeat(g, e.getHeartbeat());
            case METRICS -> metrics(g, e.getMetrics());
            case PAYLOAD_NOT_SET -> {}
          }
          g.writeEndObject();
        });
  }

  private static void process(JsonGenerator g, ProcessInfo p) throws IOException {
    g.writeStartObject();
    g.writeStringField("host", p.getHost());
    g.writeNumberField("id", p.getId());
    g.writeStringField("name", p.getName());
    g.writeStringField("namespace", p.getNamespace());
    g.writeNumberField("instance", p.getInstance());
    g.writeFieldName("pid");
    if (p.hasPid()) {
      g.writeNumber(p.getPid());
    } else {
      g.writeNull();
    }
    g.writeStringField("status", StatusWords.of(p.getState()));
    g.writeNumberField("restarts", p.getRestarts());
    g.writeNumberField("unstableRestarts", p.getUnstableRestarts());
    g.writeNumberField("uptimeMs", p.getUptimeMs());
    g.writeNumberField("cpu", p.getCpuPercent());
    g.writeNumberField("memory", p.getMemoryBytes());
    g.writeFieldName("port");
    if (p.hasPort()) {
      g.writeNumber(p.getPort());
    } else {
      g.writeNull();
    }
    g.writeFieldName("exitCode");
    if (p.hasExitCode()) {
      g.writeNumber(p.getExitCode());
    } else {
      g.writeNull();
    }
    g.writeStringField("createdAt", Units.isoInstant(p.getCreatedAtMs()));
    g.writeEndObject();
  }

  private static void state(JsonGenerator g, StateChanged s) throws IOException {
    g.writeFieldName("process");
    process(g, s.getProcess());
    g.writeStringField("previous", StatusWords.of(s.getPrevious()));
    g.writeStringField("reason", s.getReason());
    g.writeBooleanField("deleted", s.getDeleted());
  }

  private static void log(JsonGenerator g, LogLine l) throws IOException {
    g.writeStringField("name", l.getApp());
    g.writeNumberField("instance", l.getInstance());
    g.writeNumberField("id", l.getId());
    g.writeStringField("stream", EventRenderer.stream(l.getStream()));
    g.writeStringField("line", l.getLine());
  }

  private static void metrics(JsonGenerator g, Metrics m) throws IOException {
    g.writeStringField("name", m.getApp());
    g.writeStringField("namespace", m.getNamespace());
    g.writeNumberField("instance", m.getInstance());
    g.writeNumberField("id", m.getId());
    g.writeFieldName("pid");
    if (m.hasPid()) {
      g.writeNumber(m.getPid());
    } else {
      g.writeNull();
    }
    g.writeStringField("status", StatusWords.of(m.getState()));
    g.writeNumberField("cpu", m.getCpuPercent());
    g.writeNumberField("memory", m.getMemoryBytes());
    g.writeNumberField("restarts", m.getRestarts());
    g.writeNumberField("unstableRestarts", m.getUnstableRestarts());
    g.writeNumberField("uptimeMs", m.getUptimeMs());
  }

  private static void heartbeat(JsonGenerator g, Heartbeat h) throws IOException {
    g.writeStringField("version", h.getVersion());
    g.writeNumberField("lastStateSeq", h.getLastStateSeq());
    g.writeNumberField("instances", h.getInstances());
    g.writeNumberField("running", h.getRunning());
    g.writeStringField("startedAt", Units.isoInstant(h.getStartedAtMs()));
  }

  private static void nullableString(JsonGenerator g, String field, String value)
      throws IOException {
    if (value.isEmpty()) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  private static String json(Body body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory", e);
    }
    return text.toString();
  }
}
