package io.jpm.agent.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4 (the format Prometheus
 * documents as "Text-based format"): every line must be a HELP, TYPE or other comment, blank, or a
 * sample {@code name{label="value",...} value [timestamp]}; names and label names must be valid;
 * label values may only use the escapes \\, \" and \n; values are Go floats (NaN, +Inf, -Inf
 * allowed); a family's TYPE and HELP appear at most once and before its first sample; a family's
 * lines are contiguous; no sample (name and labels) repeats; the text ends with a newline.
 */
public final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Pattern VALUE =
      Pattern.compile("[+-]?(?:Inf|NaN|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final List<String> SUFFIXES = List.of("_bucket", "_sum", "_count");

  /**
   * One sample line.
   *
   * @param name metric name
   * @param labels label names to values, in line order
   * @param value the value
   */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();
  private final Set<String> helped = new HashSet<>();
  private final Set<String> closedFamilies = new HashSet<>();
  private final Set<String> seen = new HashSet<>();
  private String currentFamily;
  private int lineNumber;

  private PrometheusText() {}

  /**
   * Parses {@code text}, returning its samples in order.
   *
   * @throws IllegalArgumentException naming the line number and the rule broken
   */
  public static List<Sample> parse(String text) {
    return List.copyOf(read(text).samples);
  }

  /**
   * The TYPE declared for a family in {@code text}, if any.
   *
   * @throws IllegalArgumentException as {@link #parse}
   */
  public static Optional<String> typeOf(String text, String family) {
    return Optional.ofNullable(read(text).types.get(family));
  }

  private static PrometheusText read(String text) {
    PrometheusText p = new PrometheusText();
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the text does not end with a newline");
    }
    for (String line : text.split("\n", -1)) {
      p.lineNumber++;
      p.line(line);
    }
    return p;
  }

  private void line(String line) {
    if (line.isBlank()) {
      return;
    }
    if (line.startsWith("#")) {
      comment(line);
    } else {
      sample(line);
    }
  }

  private void comment(String line) {
    String[] f = line.split(" ", 4);
    if (f.length < 3 || !f[0].equals("#") || !(f[1].equals("HELP") || f[1].equals("TYPE"))) {
      return; // a plain comment
    }
    String name = f[2];
    require(NAME.matcher(name).matches(), "invalid metric name in " + f[1] + ": " + name);
    enterFamily(name);
    if (f[1].equals("TYPE")) {
      require(f.length == 4 && TYPES.contains(f[3]), "unknown TYPE: " + line);
      require(!types.containsKey(name), "second TYPE for " + name);
      require(
          samples.stream().noneMatch(s -> familyOf(s.name()).equals(name)),
          "TYPE for " + name + " after its samples");
      types.put(name, f[3]);
    } else {
      require(helped.add(name), "second HELP for " + name);
    }
  }

  private void sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(NAME.matcher(name).matches(), "invalid metric name: '" + name + "'");
    enterFamily(familyOf(name));
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    require(i < line.length() && line.charAt(i) == ' ', "no space before the value: " + line);
    String[] rest = line.substring(i + 1).trim().split(" +");
    require(rest.length == 1 || rest.length == 2, "expected 'value [timestamp]': " + line);
    require(VALUE.matcher(rest[0]).matches(), "invalid value '" + rest[0] + "'");
    require(rest.length == 1 || TIMESTAMP.matcher(rest[1]).matches(), "invalid timestamp");
    require(seen.add(name + labels), "repeated sample " + name + labels);
    samples.add(new Sample(name, labels, parseValue(rest[0])));
  }

  /** Reads labels after '{' up to and including '}', returning the index after it. */
  private int labels(String line, int from, Map<String, String> into) {
    int i = from;
    while (true) {
      require(i < line.length(), "unterminated labels: " + line);
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      require(eq > i, "label without '=': " + line);
      String label = line.substring(i, eq);
      require(LABEL_NAME.matcher(label).matches(), "invalid label name '" + label + "'");
      require(eq + 1 < line.length() && line.charAt(eq + 1) == '"', "unquoted label value");
      StringBuilder value = new StringBuilder();
      i = eq + 2;
      while (true) {
        require(i < line.length(), "unterminated label value: " + line);
        char c = line.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          require(i < line.length(), "dangling escape");
          char e = line.charAt(i++);
          require(e == '\\' || e == '"' || e == 'n', "invalid escape \\" + e);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
      }
      require(into.put(label, value.toString()) == null, "repeated label " + label);
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      } else {
        require(i < line.length() && line.charAt(i) == '}', "expected ',' or '}': " + line);
      }
    }
  }

  private void enterFamily(String family) {
    if (!family.equals(currentFamily)) {
      require(closedFamilies.add(family), "lines of " + family + " are not contiguous");
      currentFamily = family;
    }
  }

  /** The family a sample name belongs to: a histogram's or summary's name for its suffixes. */
  private String familyOf(String name) {
    for (String suffix : SUFFIXES) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        String type = types.get(base);
        if ("histogram".equals(type) || "summary".equals(type)) {
          return base;
        }
      }
    }
    return name;
  }

  private static double parseValue(String text) {
    String t = text.replace("Inf", "Infinity");
    return Double.parseDouble(t);
  }

  private void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalArgumentException("line " + lineNumber + ": " + why);
    }
  }
}
