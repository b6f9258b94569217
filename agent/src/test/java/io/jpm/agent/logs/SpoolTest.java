package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.testing.FakeClock;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One spool copied into its log file on the test's thread: framing, lines for the feed, the end of
 * the stream, and exactly-once recovery by a new copier wherever the previous one was killed.
 */
class SpoolTest {
  private static final LogPolicy PLAIN = LogPolicy.defaults();

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-01-02T03:04:05.678Z"));
  private final List<CapturedLine> published = Collections.synchronizedList(new ArrayList<>());
  private final List<LogFileWriter> writers = new ArrayList<>();
  private final byte[] buf = new byte[LineFramer.OUT_CAPACITY];

  @AfterEach
  void closeWriters() throws IOException {
    for (LogFileWriter w : writers) {
      w.close();
    }
  }

  private static LogPolicy stamped(String format) {
    return new LogPolicy(null, null, format, false, LogPolicy.DEFAULT_MAX_SIZE, 5, false);
  }

  /** A copier of dir/spool into dir/out.log, as a new agent would start it. */
  private Spool spool(LogPolicy policy) throws IOException {
    LogFileWriter w =
        LogFileWriter.open(
            dir.resolve("out.log"), policy.maxSizeBytes(), policy.retain(), false, r -> {});
    writers.add(w);
    Spool s =
        new Spool(
            dir.resolve("spool"),
            dir.resolve("journal"),
            w,
            new LineFramer(policy, "web", 2, LogStream.OUT, ZoneOffset.UTC),
            new LineAssembler("web", 7, 2, LogStream.OUT, published::add),
            clock,
            () -> false,
            new Spool.Context() {
              @Override
              public void reclaim(Path spool, long from, long length) {}

              @Override
              public void retired(Spool spool) {}
            });
    s.open();
    return s;
  }

  private void append(String text) throws IOException {
    Files.writeString(
        dir.resolve("spool"), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void copyAll(Spool s) throws IOException {
    while (s.copy(buf, 1, false)) {
      // until the spool is copied
    }
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("out.log"));
  }

  private static String numbered(int from, int to) {
    StringBuilder all = new StringBuilder();
    for (int i = from; i <= to; i++) {
      all.append("line ").append(i).append('\n');
    }
    return all.toString();
  }

  @Test
  void copy_randomAppendsCuttingLines_fileHasEveryLineOnceInOrder() throws Exception {
    append("");
    Spool s = spool(PLAIN);
    String all = numbered(1, 100_000);
    Random random = new Random(42);
    for (int off = 0; off < all.length(); ) {
      int n = Math.min(all.length() - off, 1 + random.nextInt(3000));
      append(all.substring(off, off + n));
      off += n;
      if (random.nextInt(4) == 0) {
        copyAll(s);
      }
    }
    s.retire(buf);

    assertThat(log()).isEqualTo(all);
    assertThat(published).hasSize(100_000).noneMatch(CapturedLine::partial);
    assertThat(published.get(99_999).text()).isEqualTo("line 100000");
    assertThat(dir.resolve("spool")).doesNotExist();
    assertThat(dir.resolve("journal")).doesNotExist();
  }

  @Test
  void retire_lastLineWithoutNewline_isClosedInTheFileAndPublishedAsPartial() throws Exception {
    append("first\nno newline");
    Spool s = spool(PLAIN);

    s.retire(buf);

    assertThat(log()).isEqualTo("first\nno newline\n");
    assertThat(published)
        .containsExactly(
            new CapturedLine("web", 7, 2, LogStream.OUT, "first", false),
            new CapturedLine("web", 7, 2, LogStream.OUT, "no newline", true));
  }

  @Test
  void copy_dateFormat_prefixesEachLineOnceEvenWhenItArrivesInPieces() throws Exception {
    append("one\ntw");
    Spool s = spool(stamped("YYYY-MM-DD HH:mm:ss"));
    copyAll(s);
    clock.advance(Duration.ofSeconds(1));
    append("o\n\nthree\n");
    s.retire(buf);

    assertThat(log())
        .isEqualTo(
            "2026-01-02 03:04:05: one\n2026-01-02 03:04:05: two\n"
                + "2026-01-02 03:04:06: \n2026-01-02 03:04:06: three\n");
    assertThat(published).extracting(CapturedLine::text).containsExactly("one", "two", "", "three");
  }

  @Test
  void copy_json_eachLineIsAJsonObjectWithTheMessageEscaped() throws Exception {
    String message = "say \"hi\"\tback\\slash é \u0001 end";
    append(message + "\nsecond\nunfinished");
    Spool s = spool(new LogPolicy(null, null, null, true, LogPolicy.DEFAULT_MAX_SIZE, 5, false));

    s.retire(buf);

    List<String> lines = Files.readAllLines(dir.resolve("out.log"));
    assertThat(lines).hasSize(3);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("time").asText()).isEqualTo("2026-01-02T03:04:05.678+00:00");
    assertThat(first.get("app").asText()).isEqualTo("web");
    assertThat(first.get("instance").asInt()).isEqualTo(2);
    assertThat(first.get("stream").asText()).isEqualTo("out");
    assertThat(first.get("message").asText()).isEqualTo(message);
    assertThat(new ObjectMapper().readTree(lines.get(2)).get("message").asText())
        .isEqualTo("unfinished");
  }

  @Test
  void copy_jsonOfManyShortLines_outputCutIntoChunksWithEveryLineWhole() throws Exception {
    append("\"\n".repeat(20_000));
    Spool s = spool(new LogPolicy(null, null, null, true, LogPolicy.DEFAULT_MAX_SIZE, 5, false));

    s.retire(buf);

    List<String> lines = Files.readAllLines(dir.resolve("out.log"));
    assertThat(lines).hasSize(20_000);
    for (String line : lines) {
      assertThat(new ObjectMapper().readTree(line).get("message").asText()).isEqualTo("\"");
    }
  }

  @Test
  void copy_lineLongerThanTheFeedLimit_isWholeInTheFileAndPublishedInPieces() throws Exception {
    String longLine = "z".repeat(40_000);
    append(longLine + "\nafter\n");
    Spool s = spool(PLAIN);

    s.retire(buf);

    assertThat(Files.readAllLines(dir.resolve("out.log"))).containsExactly(longLine, "after");
    assertThat(published).extracting(l -> l.text().length()).containsExactly(16384, 16384, 7232, 5);
    assertThat(published)
        .extracting(CapturedLine::partial)
        .containsExactly(true, true, false, false);
  }

  @Test
  void newCopier_afterTheOldOneStoppedMidLine_continuesTheLineWithoutPrefixOrDoubles()
      throws Exception {
    LogPolicy policy = stamped("HH:mm");
    append("whole\nhalf");
    Spool before = spool(policy);
    copyAll(before);
    before.close();
    writers.remove(0).close();

    append("-done\nnext\n");
    Spool after = spool(policy);
    after.retire(buf);

    assertThat(log()).isEqualTo("03:04: whole\n03:04: half-done\n03:04: next\n");
  }

  /**
   * The heart of it: the old agent is killed while writing its last chunk, after any number of that
   * write's bytes reached the file (simulated by cutting the file to that length); the new agent,
   * with a later clock, ends with every line exactly once, framed as the first time.
   */
  @Test
  void newCopier_afterAKillAtEveryPointOfTheLastWrite_everyLineExactlyOnce() throws Exception {
    LogPolicy policy = stamped("HH:mm:ss");
    String first = numbered(1, 3_000);
    String second = numbered(3_001, 6_000);
    String expected = expectedLog(policy, first, second);
    Path work = dir.resolve("out.log");
    List<Long> cuts = new ArrayList<>();
    append(first);
    Spool probe = spool(policy);
    copyAll(probe);
    append(second);
    copyAll(probe);
    probe.close();
    long after = Files.size(work);
    // Only the last write can be cut short: everything before it is in the page cache.
    long before;
    try (SpoolJournal j = SpoolJournal.open(dir.resolve("journal"))) {
      before = j.read().orElseThrow().fileOffset();
    }
    assertThat(after - before).isGreaterThan(1_000);
    for (long cut = before; cut <= after; cut += Math.max(1, (after - before) / 37)) {
      cuts.add(cut);
    }
    cuts.add(after);
    String killedSnapshot = Files.readString(work);
    Path journal = dir.resolve("journal");
    byte[] journalAtKill = Files.readAllBytes(journal);

    for (long cut : cuts) {
      Files.writeString(work, killedSnapshot);
      Files.write(journal, journalAtKill);
      try (FileChannel c = FileChannel.open(work, StandardOpenOption.WRITE)) {
        c.truncate(cut);
      }
      writers.remove(0).close();
      clock.advance(Duration.ofSeconds(7));

      Spool next = spool(policy);
      copyAll(next);
      next.close();

      assertThat(log())
          .as("killed after %d bytes of the last write", cut - before)
          .isEqualTo(expected);
    }
  }

  /** The log the first copier wrote without any kill: its chunks' times were 03:04:05. */
  private String expectedLog(LogPolicy policy, String first, String second) throws IOException {
    Path clean = dir.resolve("clean");
    Files.createDirectories(clean);
    Files.writeString(clean.resolve("spool"), first + second);
    LogFileWriter w = LogFileWriter.open(clean.resolve("out.log"), 0, 5, false, r -> {});
    Spool s =
        new Spool(
            clean.resolve("spool"),
            clean.resolve("journal"),
            w,
            new LineFramer(policy, "web", 2, LogStream.OUT, ZoneOffset.UTC),
            new LineAssembler("web", 7, 2, LogStream.OUT, line -> {}),
            clock,
            () -> false,
            new Spool.Context() {
              @Override
              public void reclaim(Path spool, long from, long length) {}

              @Override
              public void retired(Spool spool) {}
            });
    s.open();
    s.retire(buf);
    w.close();
    return Files.readString(clean.resolve("out.log"), StandardCharsets.UTF_8);
  }
}
