package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending, size rotation at line boundaries, retention, the hard cap, gzip and truncation. */
class LogFileWriterTest {
  private static final Executor INLINE = Runnable::run;

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(LogFileWriter w, String s) throws IOException {
    byte[] b = bytes(s);
    w.write(b, 0, b.length);
  }

  private static String numbered(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      b.append(String.format("line-%05d\n", i)); // 11 bytes
    }
    return b.toString();
  }

  /** Every line of the log, oldest rotated file first, then the current file. */
  private List<String> allLines(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    List<RotatedFiles.Rotated> rotated = new RotatedFiles(file).list();
    for (int i = rotated.size() - 1; i >= 0; i--) {
      out.addAll(read(rotated.get(i).path()).lines().toList());
    }
    out.addAll(read(file).lines().toList());
    return out;
  }

  private static String read(Path p) throws IOException {
    if (p.getFileName().toString().endsWith(".gz")) {
      try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    return Files.readString(p);
  }

  private List<Path> rotatedFiles(Path file) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.equals(file)).sorted().toList();
    }
  }

  @Test
  void write_belowLimit_appendsToExistingFile() throws IOException {
    Path file = dir.resolve("app.log");
    Files.writeString(file, "old\n");

    try (LogFileWriter w = LogFileWriter.open(file, 1024, 5, false, INLINE)) {
      write(w, "new\n");
    }

    assertThat(Files.readString(file)).isEqualTo("old\nnew\n");
    assertThat(rotatedFiles(file)).isEmpty();
  }

  @Test
  void write_pastLimitInOneChunk_rotatesAtLineBoundariesWithoutLosingALine() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 100, 50, false, INLINE)) {
      write(w, numbered(1, 200));
    }

    List<String> lines = allLines(file);
    assertThat(lines).hasSize(200);
    for (int i = 0; i < 200; i++) {
      assertThat(lines.get(i)).isEqualTo(String.format("line-%05d", i + 1));
    }
    for (Path p : rotatedFiles(file)) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(100);
      assertThat(Files.readString(p)).endsWith("\n");
    }
  }

  @Test
  void write_lineStartedBeforeTheLimit_isFinishedInTheSameFile() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 20, 5, false, INLINE)) {
      write(w, "0123456789abcdef");
      write(w, "ghijkl\nnext\n");
    }

    assertThat(Files.readString(dir.resolve("app.log.1"))).isEqualTo("0123456789abcdefghijkl\n");
    assertThat(Files.readString(file)).isEqualTo("next\n");
  }

  @Test
  void write_manyRotations_keepsRetainFilesAndDeletesTheOldest() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 110, 3, false, INLINE)) {
      for (int i = 1; i <= 100; i++) {
        write(w, numbered(i, i));
      }
    }

    assertThat(rotatedFiles(file))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("app.log.1", "app.log.2", "app.log.3");
    List<String> lines = allLines(file);
    assertThat(lines.get(lines.size() - 1)).isEqualTo("line-00100");
    for (int i = 1; i < lines.size(); i++) {
      int prev = Integer.parseInt(lines.get(i - 1).substring(5));
      assertThat(Integer.parseInt(lines.get(i).substring(5))).isEqualTo(prev + 1);
    }
  }

  @Test
  void write_lineMuchLongerThanTheLimit_isCutSoEveryFileStaysUnderTwiceTheLimit()
      throws IOException {
    Path file = dir.resolve("app.log");
    String huge = "x".repeat(1000) + "\n";
    try (LogFileWriter w = LogFileWriter.open(file, 100, 100, false, INLINE)) {
      write(w, "a\n");
      write(w, huge);
    }

    long total = Files.size(file);
    for (Path p : rotatedFiles(file)) {
      assertThat(Files.size(p)).isLessThanOrEqualTo(200);
      total += Files.size(p);
    }
    assertThat(Files.size(file)).isLessThanOrEqualTo(200);
    assertThat(total).isEqualTo(2 + huge.length());
    assertThat(String.join("", allLines(file))).isEqualTo("a" + "x".repeat(1000));
  }

  @Test
  void write_rotatedFilesTooBigTogether_oldestDeletedUnderTheHardCap() throws IOException {
    Path file = dir.resolve("app.log");
    String line = "y".repeat(150) + "\n"; // each line makes a file of 151 bytes (> limit 100)
    try (LogFileWriter w = LogFileWriter.open(file, 100, 4, false, INLINE)) {
      for (int i = 0; i < 10; i++) {
        write(w, line);
      }
    }

    long total = Files.size(file);
    for (Path p : rotatedFiles(file)) {
      total += Files.size(p);
    }
    assertThat(total).isLessThanOrEqualTo(100L * (4 + 1));
    assertThat(rotatedFiles(file)).hasSize(2);
  }

  @Test
  void write_retainZero_truncatesInPlace() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 30, 0, false, INLINE)) {
      write(w, numbered(1, 5));
    }

    assertThat(rotatedFiles(file)).isEmpty();
    assertThat(Files.readString(file)).isEqualTo(numbered(5, 5));
  }

  @Test
  void write_rotationOff_neverRotates() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 0, 5, false, INLINE)) {
      write(w, numbered(1, 1000));
    }

    assertThat(rotatedFiles(file)).isEmpty();
    assertThat(Files.readAllLines(file)).hasSize(1000);
  }

  @Test
  void write_compress_rotatedFilesAreGzippedAndComplete() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 100, 50, true, INLINE)) {
      write(w, numbered(1, 50));
    }

    assertThat(rotatedFiles(file))
        .isNotEmpty()
        .allMatch(p -> p.getFileName().toString().endsWith(".gz"));
    assertThat(allLines(file)).hasSize(50).endsWith("line-00050");
  }

  @Test
  void truncate_whileOpen_emptiesTheFileDeletesRotatedAndKeepsWriting() throws IOException {
    Path file = dir.resolve("app.log");
    try (LogFileWriter w = LogFileWriter.open(file, 100, 5, false, INLINE)) {
      write(w, numbered(1, 30));
      w.truncate();
      write(w, "after\n");
    }

    assertThat(Files.readString(file)).isEqualTo("after\n");
    assertThat(rotatedFiles(file)).isEmpty();
  }

  @Test
  void truncate_ofAFileNobodyWrites_emptiesItAndDeletesRotated() throws IOException {
    Path file = Files.writeString(dir.resolve("app.log"), "x\n");
    Files.writeString(dir.resolve("app.log.1"), "y\n");
    Files.writeString(dir.resolve("app.log.2.gz"), "z");
    Files.writeString(dir.resolve("app.log.other"), "kept\n");

    LogFileWriter.truncate(file);

    assertThat(Files.size(file)).isZero();
    assertThat(rotatedFiles(file))
        .extracting(p -> p.getFileName().toString())
        .containsExactly("app.log.other");
  }

  @Test
  void open_fileEndingInsideALine_saysSo() throws IOException {
    Path cut = Files.writeString(dir.resolve("cut.log"), "a\nhalf");
    Path whole = Files.writeString(dir.resolve("whole.log"), "a\n");

    try (LogFileWriter c = LogFileWriter.open(cut, 100, 5, false, INLINE);
        LogFileWriter w = LogFileWriter.open(whole, 100, 5, false, INLINE);
        LogFileWriter n = LogFileWriter.open(dir.resolve("new.log"), 100, 5, false, INLINE)) {
      assertThat(c.endsMidLine()).isTrue();
      assertThat(w.endsMidLine()).isFalse();
      assertThat(n.endsMidLine()).isFalse();
    }
  }

  @Test
  void write_toDevNull_neverRotatesOrRenamesIt() throws IOException {
    Path devNull = Path.of("/dev/null");
    try (LogFileWriter w = LogFileWriter.open(devNull, 10, 5, false, INLINE)) {
      write(w, numbered(1, 100));
      w.truncate();
    }

    assertThat(Files.isRegularFile(devNull)).isFalse();
    assertThat(Files.exists(Path.of("/dev/null.1"))).isFalse();
  }
}
