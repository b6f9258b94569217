package io.jpm.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** Reads a log file with its rotated files (oldest first) and checks numbered lines in tests. */
public final class LogFilesRead {
  private LogFilesRead() {}

  /** The rotated files of {@code file} (.N, .N.gz), oldest (highest N) first. */
  public static List<Path> rotated(Path file) {
    Pattern p = Pattern.compile(Pattern.quote(file.getFileName().toString()) + "\\.(\\d+)(\\.gz)?");
    try (Stream<Path> s = Files.list(file.getParent())) {
      return s.filter(f -> p.matcher(f.getFileName().toString()).matches())
          .sorted(Comparator.comparingInt((Path f) -> number(p, f)).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int number(Pattern p, Path f) {
    Matcher m = p.matcher(f.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Every line of the rotated files, oldest first, then of the file itself. */
  public static List<String> allLines(Path file) {
    List<String> out = new ArrayList<>();
    for (Path f : rotated(file)) {
      out.addAll(lines(f));
    }
    out.addAll(lines(file));
    return out;
  }

  /** The lines of one file (gunzipped when it ends in .gz); none when it is missing. */
  public static List<String> lines(Path f) {
    try {
      if (!Files.exists(f)) {
        return List.of();
      }
      if (f.getFileName().toString().endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
      }
      return Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts that {@code lines} are exactly NumberedLines' lines first..last, in order. */
  public static void assertNumbered(List<String> lines, int first, int last, int width) {
    assertThat(lines).as("line count").hasSize(last - first + 1);
    for (int i = 0; i < lines.size(); i++) {
      String expected = NumberedLines.text(first + i, width);
      if (!lines.get(i).equals(expected)) {
        throw new AssertionError(
            "line " + i + ": expected <" + expected + "> but was <" + lines.get(i) + ">");
      }
    }
  }
}
