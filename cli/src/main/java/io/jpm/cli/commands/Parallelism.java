package io.jpm.cli.commands;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value of {@code --parallel}: N (instances of a local reload, or hosts of a rolling fleet
 * restart/reload at a time) or N% (of the selected hosts; fleet only).
 *
 * @param count N, from 1 (at most 100 for a percentage)
 * @param percent true for N%
 */
public record Parallelism(int count, boolean percent) {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,6})(%?)");

  /** Checks the range. */
  public Parallelism {
    if (count < 1 || (percent && count > 100)) {
      throw new IllegalArgumentException("parallelism out of range: " + count);
    }
  }

  /**
   * Parses "N" or "N%".
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static Parallelism parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      boolean percent = !m.group(2).isEmpty();
      if (n >= 1 && (!percent || n <= 100)) {
        return new Parallelism(n, percent);
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a count from 1 or a percentage from 1% to 100%");
  }

  /** As typed on the wire (FleetSelection.batch): "N" or "N%". */
  public String text() {
    return count + (percent ? "%" : "");
  }

  /** Hosts per batch out of {@code hosts} selected ones: at least 1. */
  public int batchSize(int hosts) {
    return percent ? Math.max(1, hosts * count / 100) : count;
  }

  /** How many rolling batches {@code hosts} selected hosts make (0 hosts: 0 batches). */
  public int batches(int hosts) {
    int size = batchSize(hosts);
    return (hosts + size - 1) / size;
  }
}
