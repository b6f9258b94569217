package io.jpm.agent.logs;

import io.jpm.agent.supervision.LogPolicy;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * Turns one output stream's bytes into what its log file gets, in the policy's form: as they are,
 * with a timestamp prefix at each line start ({@code <time>: line}), or as JSON lines ({@code
 * {"time","app","instance","stream","message"}}).
 *
 * <p>Framing is deterministic: the same bytes, time, and line-start state always give the same
 * output, which is what lets a new agent redo a chunk that a killed agent may have half written
 * (see {@link SpoolJournal}). One chunk has one time (the moment it was read). Output goes into one
 * fixed buffer; a chunk's input is cut where that buffer is full. Plain text is passed on without
 * copying. Not thread-safe. JSON assumes UTF-8 output; other bytes are copied as they are.
 */
final class LineFramer {
  /** Output buffer size: the most one framed chunk holds. */
  static final int OUT_CAPACITY = 64 * 1024;

  // The longest escape of one byte: backslash, u and four hex digits.
  private static final int MAX_ESCAPE = 6;
  private static final byte[] PREFIX_END = ": ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_START = "{\"time\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] JSON_END = "\"}\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEWLINE = {'\n'};
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final Timestamps timestamps;
  private final boolean json;
  private final byte[] jsonFields;
  private final byte[] out;
  private byte[] outBytes;
  private int outOff;
  private int outLen;
  private boolean atLineStart = true;

  LineFramer(LogPolicy policy, String app, int index, LogStream stream, ZoneId zone) {
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
    this.out = timestamps == null ? null : new byte[OUT_CAPACITY];
  }

  /** Sets whether the next byte starts a line (false when the file ends inside a line). */
  void startAt(boolean lineStart) {
    this.atLineStart = lineStart;
  }

  /** True when the last byte framed ended a line. */
  boolean atLineStart() {
    return atLineStart;
  }

  /**
   * Frames a prefix of {@code len} input bytes read at {@code millis}; the output is then {@link
   * #outBytes()} from {@link #outOff()}, {@link #outLen()} bytes long.
   *
   * @return how many input bytes were framed: all of them, or fewer when the output buffer filled
   */
  int frame(byte[] b, int off, int len, long millis) {
    if (timestamps == null) {
      setOutput(b, off, len);
      if (len > 0) {
        atLineStart = b[off + len - 1] == '\n';
      }
      return len;
    }
    byte[] prefix = prefix(millis);
    int used = 0;
    int end = off + len;
    int i = off;
    byte[] lineEnd = json ? JSON_END : NEWLINE;
    while (i < end) {
      if (atLineStart) {
        // Room for the prefix, one escaped byte and the line's end: progress in any empty buffer.
        if (out.length - used < prefix.length + MAX_ESCAPE + lineEnd.length) {
          break;
        }
        System.arraycopy(prefix, 0, out, used, prefix.length);
        used += prefix.length;
        atLineStart = false;
      }
      int nl = indexOfNewline(b, i, end);
      int stop = nl < 0 ? end : nl;
      int reserve = lineEnd.length;
      if (json) {
        while (i < stop && out.length - used >= MAX_ESCAPE + reserve) {
          used = escape(b[i++], used);
        }
      } else {
        int n = Math.max(0, Math.min(stop - i, out.length - used - reserve));
        System.arraycopy(b, i, out, used, n);
        used += n;
        i += n;
      }
      if (i < stop || nl < 0) {
        break; // buffer full mid-line, or the input ends inside a line
      }
      System.arraycopy(lineEnd, 0, out, used, lineEnd.length);
      used += lineEnd.length;
      atLineStart = true;
      i = nl + 1;
    }
    setOutput(out, 0, used);
    return i - off;
  }

  /**
   * Frames the end of a line the stream left open (at its end), so the file ends with a whole line;
   * the output is empty when the stream ended at a line end.
   */
  void frameEnd() {
    if (atLineStart) {
      setOutput(NEWLINE, 0, 0);
      return;
    }
    byte[] end = json ? JSON_END : NEWLINE;
    setOutput(end, 0, end.length);
    atLineStart = true;
  }

  /** The array holding the last output. */
  byte[] outBytes() {
    return outBytes;
  }

  /** Where the last output starts in {@link #outBytes()}. */
  int outOff() {
    return outOff;
  }

  /** Length of the last output. */
  int outLen() {
    return outLen;
  }

  private void setOutput(byte[] bytes, int off, int len) {
    this.outBytes = bytes;
    this.outOff = off;
    this.outLen = len;
  }

  private byte[] prefix(long millis) {
    byte[] time = timestamps.bytes(millis);
    byte[] head = json ? JSON_START : new byte[0];
    byte[] tail = json ? jsonFields : PREFIX_END;
    byte[] p = new byte[head.length + time.length + tail.length];
    System.arraycopy(head, 0, p, 0, head.length);
    System.arraycopy(time, 0, p, head.length, time.length);
    System.arraycopy(tail, 0, p, head.length + time.length, tail.length);
    return p;
  }

  private int escape(byte b, int used) {
    int c = b & 0xff;
    int u = used;
    if (c == '"' || c == '\\') {
      out[u++] = '\\';
      out[u++] = (byte) c;
    } else if (c >= 0x20) {
      out[u++] = (byte) c;
    } else if (c == '\t' || c == '\r') {
      out[u++] = '\\';
      out[u++] = (byte) (c == '\t' ? 't' : 'r');
    } else {
      out[u++] = '\\';
      out[u++] = 'u';
      out[u++] = '0';
      out[u++] = '0';
      out[u++] = HEX[c >> 4];
      out[u++] = HEX[c & 0xf];
    }
    return u;
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
