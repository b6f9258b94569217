package io.jpm.agent.logs;

import io.jpm.agent.supervision.LogPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneId;

/**
 * Streams one output stream's bytes into its log file in the policy's form: as they are, with a
 * timestamp prefix at each line start ({@code <time>: line}), or as JSON lines ({@code
 * {"time","app","instance","stream","message"}}). Bytes are passed on as they arrive, never held
 * back waiting for the end of a line, so nothing read is lost if the agent dies; the file never
 * gets a line split in two because only one pump writes it.
 *
 * <p>Memory is one fixed output buffer (unused for plain text without prefix). Not thread-safe: it
 * belongs to one pump thread. JSON assumes UTF-8 output; other bytes are copied as they are.
 */
final class LineFramer {
  private static final int OUT_BUFFER = 64 * 1024;
  // The longest escape of one byte: backslash, u and four hex digits.
  private static final int MAX_ESCAPE = 6;
  private static final byte[] PREFIX_END = ": ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_START = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final LogFileWriter writer;
  private final InstantSource clock;
  private final Timestamps timestamps;
  private final boolean json;
  private final byte[] jsonFields;
  private final byte[] out;
  private int used;
  private boolean atLineStart = true;

  LineFramer(
      LogPolicy policy,
      String app,
      int index,
      LogStream stream,
      LogFileWriter writer,
      InstantSource clock,
      ZoneId zone) {
    this.writer = writer;
    this.clock = clock;
    this.json = policy.json();
    boolean stamped = policy.dateFormat() != null && !policy.dateFormat().isEmpty();
    this.timestamps = json || stamped ? Timestamps.of(policy.dateFormat(), zone) : null;
    this.jsonFields =
        ("\",\"app\":\""
                + JsonText.escape(app)
                + "\",\"instance\":"
                + index
                + ",\"stream\":\""
                + stream.word()
                + "\",\"message\":\"")
            .getBytes(StandardCharsets.UTF_8);
    this.out = timestamps == null ? null : new byte[OUT_BUFFER];
  }

  /** Sets whether the next byte starts a line (false when the file ends inside a line). */
  void startAt(boolean lineStart) {
    this.atLineStart = lineStart;
  }

  /** True when the last byte passed on ended a line. */
  boolean atLineStart() {
    return atLineStart;
  }

  /** Passes {@code len} bytes on to the file, framed. */
  void write(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return;
    }
    if (timestamps == null) {
      writer.write(b, off, len);
      atLineStart = b[off + len - 1] == '\n';
      return;
    }
    int end = off + len;
    int i = off;
    while (i < end) {
      if (atLineStart) {
        startLine();
      }
      int nl = indexOfNewline(b, i, end);
      int stop = nl < 0 ? end : nl;
      if (json) {
        escape(b, i, stop);
      } else {
        put(b, i, stop - i);
      }
      if (nl >= 0) {
        put(json ? JSON_END : NEWLINE, 0, json ? JSON_END.length : 1);
        atLineStart = true;
        i = nl + 1;
      } else {
        i = end;
      }
    }
    flush();
  }

  /** Ends a line the stream left open (at its end), so the file ends with a whole line. */
  void endLine() throws IOException {
    if (atLineStart) {
      return;
    }
    if (json) {
      put(JSON_END, 0, JSON_END.length);
      flush();
    } else {
      writer.write(NEWLINE, 0, 1);
    }
    atLineStart = true;
  }

  private void startLine() throws IOException {
    byte[] time = timestamps.bytes(clock.millis());
    if (json) {
      put(JSON_START, 0, JSON_START.length);
      put(time, 0, time.length);
      put(jsonFields, 0, jsonFields.length);
    } else {
      put(time, 0, time.length);
      put(PREFIX_END, 0, PREFIX_END.length);
    }
    atLineStart = false;
  }

  private void escape(byte[] b, int from, int to) throws IOException {
    for (int i = from; i < to; i++) {
      if (out.length - used < MAX_ESCAPE) {
        flush();
      }
      int c = b[i] & 0xff;
      if (c == '"' || c == '\\') {
        out[used++] = '\\';
        out[used++] = (byte) c;
      } else if (c >= 0x20) {
        out[used++] = (byte) c;
      } else if (c == '\t' || c == '\r') {
        out[used++] = '\\';
        out[used++] = (byte) (c == '\t' ? 't' : 'r');
      } else {
        out[used++] = '\\';
        out[used++] = 'u';
        out[used++] = '0';
        out[used++] = '0';
        out[used++] = HEX[c >> 4];
        out[used++] = HEX[c & 0xf];
      }
    }
  }

  private void put(byte[] b, int off, int len) throws IOException {
    if (len > out.length - used) {
      flush();
      if (len > out.length) {
        writer.write(b, off, len);
        return;
      }
    }
    System.arraycopy(b, off, out, used, len);
    used += len;
  }

  private void flush() throws IOException {
    if (used > 0) {
      int n = used;
      used = 0;
      writer.write(out, 0, n);
    }
  }

  static int indexOfNewline(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
