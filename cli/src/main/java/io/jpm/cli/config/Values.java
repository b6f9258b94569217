package io.jpm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.Durations;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.Signals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one config value as the type a key wants, or says what was wrong with it ("must be a number
 * or "max", got "lots""). YAML and JSON both arrive as Jackson trees.
 */
final class Values {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE);

  private Values() {}

  /** A value that does not fit its key; the message completes "key 'k': ". */
  static final class BadValue extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadValue(String message) {
      super(message);
    }
  }

  /** How a value reads in a message: strings quoted, lists and maps by kind. */
  static String shown(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    }
    if (v.isTextual()) {
      return '"' + v.asText() + '"';
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "a map";
    }
    return v.asText();
  }

  static BadValue bad(String expected, JsonNode got) {
    return new BadValue("must be " + expected + ", got " + shown(got));
  }

  static String text(JsonNode v) {
    if (!v.isTextual()) {
      throw bad("a string", v);
    }
    return v.asText();
  }

  static String nonBlankText(JsonNode v) {
    String s = text(v);
    if (s.isBlank()) {
      throw bad("a non-empty string", v);
    }
    return s;
  }

  /** A string, number or boolean, as text (environment values, argument words). */
  static String scalar(JsonNode v, String expected) {
    if (v.isTextual() || v.isNumber() || v.isBoolean()) {
      return v.asText();
    }
    throw bad(expected, v);
  }

  /** A whole number at least {@code min}; numeric strings are accepted. */
  static long whole(JsonNode v, long min, String expected) {
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.asLong();
    } else if (v.isTextual() && v.asText().trim().matches("-?\\d{1,18}")) {
      n = Long.parseLong(v.asText().trim());
    } else {
      throw bad(expected, v);
    }
    if (n < min) {
      throw bad(expected, v);
    }
    return n;
  }

  static int wholeInt(JsonNode v, int min, String expected) {
    long n = whole(v, min, expected);
    if (n > Integer.MAX_VALUE) {
      throw bad(expected, v);
    }
    return (int) n;
  }

  static boolean bool(JsonNode v) {
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isTextual()) {
      String s = v.asText().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return s.equals("true");
      }
    }
    throw bad("true or false", v);
  }

  /** Milliseconds: a whole number of ms, or a duration such as "500ms", "3s", "1m", "2h". */
  static long millis(JsonNode v) {
    String expected = "a duration (milliseconds, or e.g. \"500ms\", \"3s\", \"1m\")";
    if (v.isNumber()) {
      return whole(v, 0, expected);
    }
    if (v.isTextual()) {
      try {
        return Durations.parse(v.asText()).toMillis();
      } catch (IllegalArgumentException e) {
        throw bad(expected, v);
      }
    }
    throw bad(expected, v);
  }

  /** A readiness check: "tcp", "http:/path" or "log:REGEX", as the agent will parse it. */
  static String readyCheck(JsonNode v) {
    String text = nonBlankText(v);
    try {
      return ReadyCheck.parse(text).text();
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
  }

  /** A balance: "round-robin" or "least-conn". */
  static String balance(JsonNode v) {
    String text = nonBlankText(v);
    return Balance.of(text)
        .map(Balance::word)
        .orElseThrow(() -> new BadValue("expected round-robin or least-conn, got '" + text + "'"));
  }

  /** Bytes: a whole number, or a size such as "512K", "200M", "1G" (binary multiples). */
  static long bytes(JsonNode v) {
    String expected = "a size (bytes, or e.g. \"512K\", \"200M\", \"1G\")";
    if (v.isNumber()) {
      return whole(v, 0, expected);
    }
    Matcher m = v.isTextual() ? SIZE.matcher(v.asText().trim()) : null;
    if (m == null || !m.matches()) {
      throw bad(expected, v);
    }
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          default -> 0;
        };
    return Math.round(Double.parseDouble(m.group(1)) * (1L << shift));
  }

  /** A signal name or number, as "SIGNAME". */
  static String signal(JsonNode v) {
    String expected = "a signal (e.g. \"SIGINT\", \"TERM\", 2)";
    if (!v.isTextual() && !v.isIntegralNumber()) {
      throw bad(expected, v);
    }
    return Signals.parse(v.asText())
        .map(name -> "SIG" + name)
        .orElseThrow(() -> new BadValue("unknown signal " + shown(v)));
  }

  /** A whole number or a list of them. */
  static List<Integer> exitCodes(JsonNode v) {
    String expected = "an exit code or a list of exit codes";
    List<Integer> out = new ArrayList<>();
    if (v.isArray()) {
      v.forEach(item -> out.add(wholeInt(item, 0, expected)));
    } else {
      out.add(wholeInt(v, 0, expected));
    }
    for (int code : out) {
      if (code > 255) {
        throw new BadValue("exit codes are 0..255, got " + code);
      }
    }
    return out;
  }

  /** A list of words, or one string split like a shell would. */
  static List<String> words(JsonNode v) {
    if (v.isArray()) {
      List<String> out = new ArrayList<>();
      v.forEach(item -> out.add(scalar(item, "a string or a list of strings")));
      return out;
    }
    if (v.isTextual()) {
      try {
        return ShellWords.split(v.asText());
      } catch (IllegalArgumentException e) {
        throw new BadValue(e.getMessage());
      }
    }
    throw bad("a string or a list of strings", v);
  }

  /** A map of variable names to string, number or boolean values. */
  static Map<String, String> environment(JsonNode v) {
    if (!v.isObject()) {
      throw bad("a map of variables", v);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String name = e.getKey();
      if (name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
        throw new BadValue("'" + name + "' is not a variable name");
      }
      JsonNode value = e.getValue();
      if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
        throw new BadValue(
            "variable '" + name + "' must be a string, number or boolean, got " + shown(value));
      }
      out.put(name, value.asText());
    }
    return out;
  }

  /** True when a value asks for nothing: null, false, an empty string, list or map. */
  static boolean asksForNothing(JsonNode v) {
    return v.isNull()
        || (v.isBoolean() && !v.asBoolean())
        || (v.isTextual() && v.asText().isEmpty())
        || (v.isContainerNode() && v.isEmpty());
  }
}
