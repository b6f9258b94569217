package io.jpm.agent.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Formats log timestamps in pm2's {@code log_date_format} (dayjs tokens: YYYY YY MM M DD D HH H hh
 * h mm m ss s SSS Z ZZ A a; text in [brackets] and any other character is literal) or "iso"
 * (2024-05-01T12:00:00.123+02:00). Not thread-safe: one per spool, which caches the bytes of the
 * last millisecond so a burst of lines formats the time once.
 */
public final class Timestamps {
  /** The ISO-8601 form with milliseconds and offset. */
  public static final String ISO = "iso";

  // Longest first, so "YYYY" wins over "YY" and "SSS" is one token.
  private static final List<String[]> TOKENS =
      List.of(
          new String[] {"YYYY", "uuuu"},
          new String[] {"SSS", "SSS"},
          new String[] {"YY", "uu"},
          new String[] {"MM", "MM"},
          new String[] {"DD", "dd"},
          new String[] {"HH", "HH"},
          new String[] {"hh", "hh"},
          new String[] {"mm", "mm"},
          new String[] {"ss", "ss"},
          new String[] {"ZZ", "xx"},
          new String[] {"M", "M"},
          new String[] {"D", "d"},
          new String[] {"H", "H"},
          new String[] {"h", "h"},
          new String[] {"m", "m"},
          new String[] {"s", "s"},
          new String[] {"Z", "xxx"},
          new String[] {"A", "a"},
          new String[] {"a", "a"});

  private final DateTimeFormatter formatter;
  private long lastMillis = Long.MIN_VALUE;
  private byte[] lastBytes = new byte[0];

  private Timestamps(DateTimeFormatter formatter) {
    this.formatter = formatter;
  }

  /** Timestamps in {@code format} ("iso" or pm2 tokens) in {@code zone}. */
  public static Timestamps of(String format, ZoneId zone) {
    return new Timestamps(formatter(format).withZone(zone));
  }

  /** The formatter for {@code format}: "iso" or pm2/dayjs tokens. */
  static DateTimeFormatter formatter(String format) {
    if (format == null || format.isEmpty() || format.equalsIgnoreCase(ISO)) {
      return new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx")
          .toFormatter(Locale.ROOT);
    }
    DateTimeFormatterBuilder b = new DateTimeFormatterBuilder();
    int i = 0;
    while (i < format.length()) {
      if (format.charAt(i) == '[') {
        int close = format.indexOf(']', i + 1);
        int end = close < 0 ? format.length() : close;
        b.appendLiteral(format.substring(i + 1, end));
        i = close < 0 ? end : close + 1;
        continue;
      }
      String[] token = tokenAt(format, i);
      if (token == null) {
        b.appendLiteral(format.charAt(i));
        i++;
      } else {
        b.appendPattern(token[1]);
        i += token[0].length();
      }
    }
    return b.toFormatter(Locale.ROOT);
  }

  private static String[] tokenAt(String format, int i) {
    for (String[] token : TOKENS) {
      if (format.startsWith(token[0], i)) {
        return token;
      }
    }
    return null;
  }

  /** The UTF-8 bytes of the time {@code millis}; the same array while the millisecond lasts. */
  public byte[] bytes(long millis) {
    if (millis != lastMillis) {
      lastBytes = text(millis).getBytes(StandardCharsets.UTF_8);
      lastMillis = millis;
    }
    return lastBytes;
  }

  /** The time {@code millis} as text. */
  public String text(long millis) {
    return formatter.format(Instant.ofEpochMilli(millis));
  }
}
