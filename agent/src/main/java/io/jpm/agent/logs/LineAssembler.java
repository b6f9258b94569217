package io.jpm.agent.logs;

import java.nio.charset.StandardCharsets;

/**
 * Cuts one stream's bytes into lines for the live feed: each complete line goes to the sink; a line
 * longer than {@link #MAX_LINE} bytes is handed over in pieces marked partial, and so is a last
 * line without newline when the stream ends. Memory is one fixed buffer. Not thread-safe: it
 * belongs to one spool.
 *
 * <p>While the sink wants no lines of this stream, the bytes are not cut into lines: only the
 * unfinished last line is kept, so that a sink that starts listening gets whole lines from its
 * first one on.
 */
final class LineAssembler {
  /** Longest line handed over whole, in bytes. */
  static final int MAX_LINE = 16 * 1024;

  private final String app;
  private final int id;
  private final int index;
  private final LogStream stream;
  private final LogSink sink;
  private final byte[] line = new byte[MAX_LINE];
  private int length;

  LineAssembler(String app, int id, int index, LogStream stream, LogSink sink) {
    this.app = app;
    this.id = id;
    this.index = index;
    this.stream = stream;
    this.sink = sink;
  }

  /** Takes the next {@code len} bytes of the stream. */
  void accept(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    if (len > 0 && !sink.wants(app, id, index, stream)) {
      int last = lastNewline(b, off, end);
      if (last >= 0) {
        length = 0; // the lines that end here go nowhere
        i = last + 1;
      }
      append(b, i, end - i);
      return;
    }
    while (i < end) {
      int nl = LineFramer.indexOfNewline(b, i, end);
      int stop = nl < 0 ? end : nl;
      append(b, i, stop - i);
      if (nl < 0) {
        return;
      }
      emit(false);
      i = nl + 1;
    }
  }

  /** Hands over a started line as partial (the stream ended, or this agent stops reading it). */
  void finish() {
    if (length > 0) {
      emit(true);
    }
  }

  private void append(byte[] b, int off, int len) {
    int from = off;
    int left = len;
    while (left > 0) {
      if (length == MAX_LINE) {
        emit(true);
      }
      int n = Math.min(left, MAX_LINE - length);
      System.arraycopy(b, from, line, length, n);
      length += n;
      from += n;
      left -= n;
    }
  }

  private static int lastNewline(byte[] b, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void emit(boolean partial) {
    String text = new String(line, 0, length, StandardCharsets.UTF_8);
    length = 0;
    sink.line(new CapturedLine(app, id, index, stream, text, partial));
  }
}
