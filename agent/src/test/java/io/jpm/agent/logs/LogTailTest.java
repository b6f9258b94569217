package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.LogTail.StoredLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The last lines of a log, across its rotated files, within a byte budget. */
class LogTailTest {
  private static final long BUDGET = 1 << 20;

  @TempDir Path dir;

  private static String numbered(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      b.append("line ").append(i).append('\n');
    }
    return b.toString();
  }

  @Test
  void last_currentFileHasEnough_returnsItsLastLinesOldestFirst() throws IOException {
    Path file = Files.writeString(dir.resolve("a.log"), numbered(1, 100_000));

    assertThat(LogTail.last(file, 3, BUDGET))
        .containsExactly(
            new StoredLine("line 99998", false),
            new StoredLine("line 99999", false),
            new StoredLine("line 100000", false));
  }

  @Test
  void last_currentFileTooShort_continuesIntoRotatedAndGzippedFiles() throws IOException {
    Path file = Files.writeString(dir.resolve("a.log"), numbered(9, 10));
    Files.writeString(dir.resolve("a.log.1"), numbered(6, 8));
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(dir.resolve("a.log.2.gz")))) {
      out.write(numbered(1, 5).getBytes(StandardCharsets.UTF_8));
    }

    assertThat(LogTail.last(file, 7, BUDGET))
        .extracting(StoredLine::text)
        .containsExactly("line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10");
  }

  @Test
  void last_fileEndsInsideALine_lastLineIsPartial() throws IOException {
    Path file = Files.writeString(dir.resolve("a.log"), "one\ntwo\nthr");

    assertThat(LogTail.last(file, 2, BUDGET))
        .containsExactly(new StoredLine("two", false), new StoredLine("thr", true));
  }

  @Test
  void last_missingOrEmptyFile_returnsNothing() throws IOException {
    Files.writeString(dir.resolve("empty.log"), "");

    assertThat(LogTail.last(dir.resolve("none.log"), 15, BUDGET)).isEmpty();
    assertThat(LogTail.last(dir.resolve("empty.log"), 15, BUDGET)).isEmpty();
  }

  @Test
  void last_budgetSmallerThanTheLines_returnsOnlyTheNewestThatFit() throws IOException {
    Path file = Files.writeString(dir.resolve("a.log"), ("x".repeat(999) + "\n").repeat(1000));

    assertThat(LogTail.last(file, 1000, 10_000).size()).isBetween(1, 80);
  }

  @Test
  void last_longLine_isCutAndMarkedPartial() throws IOException {
    Path file = Files.writeString(dir.resolve("a.log"), "y".repeat(20_000) + "\n");

    StoredLine line = LogTail.last(file, 1, BUDGET).get(0);

    assertThat(line.text()).hasSize(LineAssembler.MAX_LINE);
    assertThat(line.partial()).isTrue();
  }
}
