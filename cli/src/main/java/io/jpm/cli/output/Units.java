package io.jpm.cli.output;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Formats quantities compactly for people, as pm2 shows them: 3s, 5m, 2h, 1D; 12.3mb; 4%. */
public final class Units {
  private Units() {}

  /** Uptime in the largest whole unit: "3s", "5m", "2h", "1D". */
  public static String uptime(long millis) {
    long seconds = millis / 1000;
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86_400 + "D";
  }

  /** A byte count as "512b", "1.5kb", "12.3mb" or "1.0gb". */
  public static String memory(long bytes) {
    if (bytes < 1024) {
      return bytes + "b";
    }
    String[] units = {"kb", "mb", "gb", "tb"};
    double value = bytes / 1024.0;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f%s", value, units[unit]);
  }

  /** CPU use as a whole percentage, "4%". */
  public static String cpu(double percent) {
    return Math.round(percent) + "%";
  }

  /** Milliseconds since the epoch as ISO-8601 ("2026-01-02T03:04:05.678Z"). */
  public static String isoInstant(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  /** An argv as one line, quoting words that a shell would split or expand. */
  public static String argv(List<String> words) {
    return words.stream().map(Units::quote).collect(Collectors.joining(" "));
  }

  private static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
