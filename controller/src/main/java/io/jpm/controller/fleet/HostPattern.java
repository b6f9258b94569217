package io.jpm.controller.fleet;

import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which hosts a fleet command targets (`jpm --hosts PATTERN`): a glob ({@code web*}, {@code db-?}),
 * {@code re:REGEX} matched against the whole name, a comma list of globs ({@code a,b*}), or {@code
 * label:key=value}. Empty (or blank) selects every host.
 */
public final class HostPattern {
  private static final String REGEX_PREFIX = "re:";
  private static final String LABEL_PREFIX = "label:";

  private final String text;
  private final Predicate<Host> test;

  /** What a pattern is matched against: a host's name and labels. */
  public record Host(String name, Map<String, String> labels) {
    /** Defensive copy. */
    public Host {
      labels = Map.copyOf(labels);
    }
  }

  private HostPattern(String text, Predicate<Host> test) {
    this.text = text;
    this.test = test;
  }

  /**
   * Parses a pattern.
   *
   * @throws IllegalArgumentException with a message fit for the user when the pattern is malformed
   *     (a bad regex, {@code label:} without {@code key=value}, an empty list item)
   */
  public static HostPattern parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return new HostPattern("", h -> true);
    }
    if (t.startsWith(REGEX_PREFIX)) {
      return new HostPattern(t, regex(t.substring(REGEX_PREFIX.length())));
    }
    if (t.startsWith(LABEL_PREFIX)) {
      return new HostPattern(t, label(t.substring(LABEL_PREFIX.length())));
    }
    List<Predicate<Host>> globs = new ArrayList<>();
    for (String item : t.split(",", -1)) {
      String glob = item.strip();
      if (glob.isEmpty()) {
        throw new IllegalArgumentException(
            "host pattern '" + t + "': empty item in the comma list");
      }
      globs.add(glob(glob));
    }
    return new HostPattern(t, h -> globs.stream().anyMatch(g -> g.test(h)));
  }

  /** Whether {@code host} is selected. */
  public boolean matches(Host host) {
    return test.test(host);
  }

  /** Whether a host with this name and labels is selected. */
  public boolean matches(String name, Map<String, String> labels) {
    return matches(new Host(name, labels));
  }

  /** The pattern as given (trimmed); empty for "every host". */
  @Override
  public String toString() {
    return text;
  }

  private static Predicate<Host> regex(String regex) {
    if (regex.isEmpty()) {
      throw new IllegalArgumentException("host pattern 're:' needs a regular expression");
    }
    try {
      Pattern p = Pattern.compile(regex);
      return h -> p.matcher(h.name()).matches();
    } catch (PatternSyntaxException e) {
      String why = e.getDescription().toLowerCase(Locale.ROOT);
      throw new IllegalArgumentException(
          "host pattern 're:" + regex + "': bad regular expression: " + why, e);
    }
  }

  private static Predicate<Host> label(String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "host pattern 'label:" + pair + "': expected label:key=value");
    }
    String key = pair.substring(0, eq).strip();
    String value = pair.substring(eq + 1).strip();
    return h -> value.equals(h.labels().get(key));
  }

  /**
   * Shell glob syntax ({@code *}, {@code ?}, {@code [0-9]}, {@code [!a]}) by the JDK's glob matcher
   * rather than a hand-written translation; host names hold no {@code /}, so its path rules never
   * apply.
   */
  private static Predicate<Host> glob(String glob) {
    PathMatcher matcher;
    try {
      matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "host pattern '" + glob + "': bad glob: " + e.getDescription(), e);
    }
    return h -> {
      try {
        return matcher.matches(Path.of(h.name()));
      } catch (InvalidPathException e) {
        return false;
      }
    };
  }
}
