package io.jpm.cli.output;

import io.jpm.messages.v1.LogLine;
import java.util.ArrayList;
import java.util.List;

/**
 * Output lines as `jpm logs` prints them, pm2-style: {@code 3|web[0] | text} for stdout lines and
 * {@code 3|web[0] err | text} for stderr lines (both on standard output, so their order is kept),
 * or the bare text with --raw.
 */
public final class LogLineRenderer {
  private LogLineRenderer() {}

  /** One output line, with its instance prefix unless {@code raw}. */
  public static String line(LogLine l, boolean raw) {
    return raw ? l.getLine() : prefix(l) + l.getLine();
  }

  /** The prefix naming the instance and, for stderr, the stream: "3|web[0] | ". */
  public static String prefix(LogLine l) {
    return l.getId()
        + "|"
        + l.getApp()
        + "["
        + l.getInstance()
        + "]"
        + (l.getStream() == LogLine.Stream.STREAM_ERR ? " err" : "")
        + " | ";
  }

  /** The heading of one instance stream's last lines: "web[0] (id 3) out, last 15 lines:". */
  public static String tailHeading(LogLine first, int lines) {
    return first.getApp()
        + "["
        + first.getInstance()
        + "] (id "
        + first.getId()
        + ") "
        + EventRenderer.stream(first.getStream())
        + ", last "
        + lines
        + " lines:";
  }

  /**
   * The lines of a LogTailReply as `jpm logs` prints them: a heading before each instance stream's
   * group (unless {@code raw}), then its lines.
   */
  public static List<String> tail(List<LogLine> found, int lines, boolean raw) {
    List<String> text = new ArrayList<>();
    LogLine group = null;
    for (LogLine l : found) {
      if (!raw
          && (group == null || group.getId() != l.getId() || group.getStream() != l.getStream())) {
        text.add(tailHeading(l, lines));
        group = l;
      }
      text.add(line(l, raw));
    }
    return text;
  }
}
