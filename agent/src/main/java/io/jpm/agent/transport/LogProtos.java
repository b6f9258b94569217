package io.jpm.agent.transport;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.LogLine;

/**
 * The log half of {@link AgentProtos}: an app spec's log fields (21-27) and output lines. Round-
 * tripped by LogProtosTest.
 */
public final class LogProtos {
  private LogProtos() {}

  /** The log fields (21-27) of an app spec. */
  static void putLogPolicy(AppSpec.Builder b, LogPolicy logs) {
    b.setOutFile(orEmpty(logs.outFile()))
        .setErrorFile(orEmpty(logs.errorFile()))
        .setLogDateFormat(orEmpty(logs.dateFormat()))
        .setLogType(logs.json() ? "json" : "")
        .setLogMaxSizeBytes(logs.maxSizeBytes())
        .setLogRetain(logs.retain())
        .setLogCompress(logs.compress());
  }

  /**
   * The log policy of an app spec, with the defaults of process.proto for unset fields.
   *
   * @throws CommandException INVALID_ARGUMENT for a log_type other than "json" or empty
   */
  static LogPolicy logPolicy(String app, AppSpec p) {
    String type = p.getLogType();
    if (!type.isEmpty() && !type.equals("json") && !type.equals("raw")) {
      throw new CommandException(
          CommandException.Failure.INVALID_ARGUMENT,
          "app '" + app + "': log_type: unknown type '" + type + "' (json, or empty for text)");
    }
    LogPolicy d = LogPolicy.defaults();
    return new LogPolicy(
        emptyToNull(p.getOutFile()),
        emptyToNull(p.getErrorFile()),
        emptyToNull(p.getLogDateFormat()),
        type.equals("json"),
        p.hasLogMaxSizeBytes() ? p.getLogMaxSizeBytes() : d.maxSizeBytes(),
        p.hasLogRetain() ? p.getLogRetain() : d.retain(),
        p.getLogCompress());
  }

  /** One captured or stored output line. */
  public static LogLine toProto(CapturedLine line) {
    return LogLine.newBuilder()
        .setApp(line.app())
        .setInstance(line.index())
        .setId(line.id())
        .setStream(
            line.stream() == LogStream.ERR ? LogLine.Stream.STREAM_ERR : LogLine.Stream.STREAM_OUT)
        .setLine(line.text())
        .setPartial(line.partial())
        .build();
  }

  /**
   * One output line.
   *
   * @throws IllegalArgumentException for an unspecified stream
   */
  public static CapturedLine fromProto(LogLine p) {
    return new CapturedLine(
        p.getApp(),
        p.getId(),
        p.getInstance(),
        fromProto(p.getStream()),
        p.getLine(),
        p.getPartial());
  }

  /**
   * An output stream.
   *
   * @throws IllegalArgumentException for UNSPECIFIED or a value added after this build
   */
  public static LogStream fromProto(LogLine.Stream s) {
    return switch (s) {
      case STREAM_OUT -> LogStream.OUT;
      case STREAM_ERR -> LogStream.ERR;
      case STREAM_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException("no output stream in " + s);
    };
  }

  private static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
