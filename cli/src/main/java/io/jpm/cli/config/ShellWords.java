package io.jpm.cli.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an argument string the way a POSIX shell would, minimally: words separated by blanks,
 * 'single quotes' taken literally, "double quotes" with backslash escapes of {@code \ " $ `}, and a
 * backslash outside quotes escaping the next character. No expansion of any kind ($VAR, globs, ~).
 */
public final class ShellWords {
  private ShellWords() {}

  /**
   * The words of {@code text}.
   *
   * @throws IllegalArgumentException when a quote is not closed or the text ends with a backslash
   */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
        continue;
      }
      inWord = true;
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed ' in " + text);
        }
        word.append(text, i + 1, end);
        i = end + 1;
      } else if (c == '"') {
        i = doubleQuoted(text, i + 1, word);
      } else if (c == '\\') {
        if (i + 1 >= text.length()) {
          throw new IllegalArgumentException("trailing \\ in " + text);
        }
        word.append(text.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends a double-quoted part starting at {@code from}; returns the index after its quote. */
  private static int doubleQuoted(String text, int from, StringBuilder word) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\' && i + 1 < text.length() && "\\\"$`".indexOf(text.charAt(i + 1)) >= 0) {
        word.append(text.charAt(i + 1));
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    throw new IllegalArgumentException("unclosed \" in " + text);
  }
}
