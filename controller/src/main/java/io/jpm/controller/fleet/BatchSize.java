package io.jpm.controller.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * How many hosts a rolling restart or reload touches at a time ({@code FleetSelection.batch}, `jpm
 * --parallel`): {@code N} hosts or {@code N%} of the selected hosts, at least 1.
 *
 * @param count the number of hosts, or the percentage when {@code percent}
 * @param percent whether {@code count} is a percentage (1..100)
 */
public record BatchSize(int count, boolean percent) {
  /** One host at a time: the default. */
  public static final BatchSize ONE = new BatchSize(1, false);

  /** Checks the range. */
  public BatchSize {
    if (count < 1 || (percent && count > 100)) {
      throw new IllegalArgumentException(
          "batch size must be at least 1" + (percent ? " and at most 100%" : ""));
    }
  }

  /**
   * Parses {@code N} or {@code N%}; empty or blank means {@link #ONE}.
   *
   * @throws IllegalArgumentException with a message fit for the user
   */
  public static BatchSize parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return ONE;
    }
    boolean percent = t.endsWith("%");
    String digits = percent ? t.substring(0, t.length() - 1).strip() : t;
    int n;
    try {
      n = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "batch size '" + t + "': expected a number of hosts (N) or a percentage (N%)", e);
    }
    if (n < 1) {
      throw new IllegalArgumentException("batch size '" + t + "': must be at least 1");
    }
    if (percent && n > 100) {
      throw new IllegalArgumentException("batch size '" + t + "': at most 100%");
    }
    return new BatchSize(n, percent);
  }

  /** Hosts per batch out of {@code selected} hosts: a percentage rounds up, and is at least 1. */
  public int hostsPer(int selected) {
    if (!percent) {
      return count;
    }
    return Math.max(1, (int) Math.ceil(selected * count / 100.0));
  }

  /** Cuts {@code hosts} into consecutive batches of {@link #hostsPer} hosts, in order. */
  public List<List<String>> batches(List<String> hosts) {
    int per = hostsPer(hosts.size());
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i += per) {
      out.add(List.copyOf(hosts.subList(i, Math.min(hosts.size(), i + per))));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return count + (percent ? "%" : "");
  }
}
