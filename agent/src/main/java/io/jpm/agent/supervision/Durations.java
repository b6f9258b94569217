package io.jpm.agent.supervision;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and formats durations the way users write them: 500ms, 3s, 1m, 2h (bare = ms). */
public final class Durations {
  private static final Pattern FORM =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /** Parses "500ms", "3s", "1.5m", "2h" or a bare number of milliseconds. */
  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "' (use e.g. 500ms, 3s, 1m, 2h)");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    double millis =
        switch (unit) {
          case "s" -> value * 1000;
          case "m" -> value * 60_000;
          case "h" -> value * 3_600_000;
          default -> value;
        };
    return Duration.ofMillis(Math.round(millis));
  }

  /** Formats compactly: "850ms", "3s", "1.5s", "2m", "1h5m". */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return ms % 1000 == 0
          ? ms / 1000 + "s"
          : String.format(Locale.ROOT, "%.1fs", ms / 1000.0).replace(".0s", "s");
    }
    long minutes = ms / 60_000;
    if (minutes < 60) {
      long s = (ms % 60_000) / 1000;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    long h = minutes / 60;
    long rest = minutes % 60;
    return rest == 0 ? h + "h" : h + "h" + rest + "m";
  }
}
