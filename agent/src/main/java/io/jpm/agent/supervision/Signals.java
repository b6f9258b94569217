package io.jpm.agent.supervision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Linux signal names and numbers, and parsing of what users type ("USR2", "SIGHUP", "9"). */
public final class Signals {
  // Index = signal number on Linux x86_64 and arm64; null where the number has no common name.
  private static final List<String> NAMES =
      List.of(
          "", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1", "SEGV",
          "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
          "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

  private Signals() {}

  /**
   * Parses a signal as a user typed it and returns its canonical name without "SIG", or empty when
   * it is not a known signal.
   */
  public static Optional<String> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.trim().toUpperCase(Locale.ROOT);
    if (s.startsWith("SIG")) {
      s = s.substring(3);
    }
    if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
      try {
        int n = Integer.parseInt(s);
        return n > 0 && n < NAMES.size() ? Optional.of(NAMES.get(n)) : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return !s.isEmpty() && NAMES.contains(s) ? Optional.of(s) : Optional.empty();
  }

  /** The signal number of a canonical name ("TERM" → 15). */
  public static int numberOf(String name) {
    int n = NAMES.indexOf(name);
    if (n <= 0) {
      throw new IllegalArgumentException("unknown signal " + name);
    }
    return n;
  }

  /** "SIGKILL" for 9, or "SIG" + n for numbers without a name. */
  public static String nameOf(int number) {
    return number > 0 && number < NAMES.size() ? "SIG" + NAMES.get(number) : "SIG" + number;
  }
}
