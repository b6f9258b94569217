package io.jpm.agent.supervision;

import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How an instance proves it is ready: its private port accepts a connection ({@code tcp}), a GET on
 * a path of it answers 2xx ({@code http:/path}), or a line on its stdout matches a regular
 * expression ({@code log:REGEX}). Parsed once from the user's text, which {@link #text()} gives
 * back unchanged.
 *
 * @param kind which check
 * @param argument the path (HTTP), the regular expression (LOG), or "" (TCP)
 */
public record ReadyCheck(Kind kind, String argument) {

  /** The kinds of check. */
  public enum Kind {
    /** The private port accepts a TCP connection. */
    TCP,
    /** A GET of the path on the private port answers 2xx. */
    HTTP,
    /** A stdout line matches the regular expression. */
    LOG
  }

  /** The check "tcp". */
  public static final ReadyCheck TCP = new ReadyCheck(Kind.TCP, "");

  /**
   * Parses "tcp", "http:/path" or "log:REGEX".
   *
   * @throws IllegalArgumentException with a message for users, naming what was expected
   */
  public static ReadyCheck parse(String text) {
    String t = text == null ? "" : text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("tcp")) {
      return TCP;
    }
    if (lower.startsWith("http:")) {
      String path = t.substring("http:".length());
      if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
        throw new IllegalArgumentException(
            "http check needs a path starting with / and without spaces, e.g. http:/health; got '"
                + t
                + "'");
      }
      return new ReadyCheck(Kind.HTTP, path);
    }
    if (lower.startsWith("log:")) {
      String regex = t.substring("log:".length());
      if (regex.isEmpty()) {
        throw new IllegalArgumentException("log check needs a regular expression, e.g. log:ready");
      }
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "log check: invalid regular expression '" + regex + "': " + e.getDescription());
      }
      return new ReadyCheck(Kind.LOG, regex);
    }
    throw new IllegalArgumentException("expected tcp, http:/PATH or log:REGEX, got '" + t + "'");
  }

  /** The check as the user writes it: "tcp", "http:/health", "log:listening on". */
  public String text() {
    return switch (kind) {
      case TCP -> "tcp";
      case HTTP -> "http:" + argument;
      case LOG -> "log:" + argument;
    };
  }

  /** True when the check talks to the instance's private port (so the instance needs one). */
  public boolean needsPort() {
    return kind != Kind.LOG;
  }

  /** The regular expression of a LOG check. */
  public Pattern pattern() {
    if (kind != Kind.LOG) {
      throw new IllegalStateException(text() + " has no regular expression");
    }
    return Pattern.compile(argument);
  }
}
