package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.testing.Await;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One pump between an in-process pipe and a file: framing, lines for the feed, end and detach. */
class LogPumpTest {
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-01-02T03:04:05.678Z"));
  private static final LogPolicy PLAIN = LogPolicy.defaults();

  @TempDir Path dir;
  private final List<CapturedLine> published = Collections.synchronizedList(new ArrayList<>());
  private final List<LogFileWriter> writers = new ArrayList<>();

  @AfterEach
  void closeWriters() throws IOException {
    for (LogFileWriter w : writers) {
      w.close();
    }
  }

  private static LogPolicy stamped(String format) {
    return new LogPolicy(null, null, format, false, LogPolicy.DEFAULT_MAX_SIZE, 5, false);
  }

  private LogPump started(Pipe pipe, LogPolicy policy, Path file) throws IOException {
    LogFileWriter w =
        LogFileWriter.open(file, policy.maxSizeBytes(), policy.retain(), false, r -> {});
    writers.add(w);
    LineFramer framer = new LineFramer(policy, "web", 2, LogStream.OUT, w, CLOCK, ZoneOffset.UTC);
    LineAssembler lines = new LineAssembler("web", 7, 2, LogStream.OUT, published::add);
    LogPump pump = new LogPump("test-pump", source(pipe.source()), framer, lines, w, null);
    pump.start();
    return pump;
  }

  private static LogPump.Source source(ReadableByteChannel channel) {
    return () -> channel;
  }

  private static void send(Pipe pipe, String text) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (b.hasRemaining()) {
      pipe.sink().write(b);
    }
  }

  private static boolean endOfStream(LogPump pump, Pipe pipe) throws Exception {
    pipe.sink().close();
    return pump.ended().get(30, TimeUnit.SECONDS);
  }

  @Test
  void pump_randomChunksCuttingLines_fileHasEveryLineOnceInOrder() throws Exception {
    Pipe pipe = Pipe.open();
    Path file = dir.resolve("out.log");
    LogPump pump = started(pipe, PLAIN, file);
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= 100_000; i++) {
      all.append("line ").append(i).append('\n');
    }
    byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
    Random random = new Random(42);
    for (int off = 0; off < bytes.length; ) {
      int n = Math.min(bytes.length - off, 1 + random.nextInt(3000));
      ByteBuffer chunk = ByteBuffer.wrap(bytes, off, n);
      while (chunk.hasRemaining()) {
        pipe.sink().write(chunk);
      }
      off += n;
    }

    assertThat(endOfStream(pump, pipe)).isTrue();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(100_000);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo("line " + (i + 1));
    }
    assertThat(published).hasSize(100_000).noneMatch(CapturedLine::partial);
    assertThat(published.get(99_999).text()).isEqualTo("line 100000");
  }

  @Test
  void pump_lastLineWithoutNewline_isKeptInTheFileAndPublishedAsPartial() throws Exception {
    Pipe pipe = Pipe.open();
    Path file = dir.resolve("out.log");
    LogPump pump = started(pipe, PLAIN, file);

    send(pipe, "first\nno newline");

    assertThat(endOfStream(pump, pipe)).isTrue();
    assertThat(Files.readString(file)).isEqualTo("first\nno newline\n");
    assertThat(published)
        .containsExactly(
            new CapturedLine("web", 7, 2, LogStream.OUT, "first", false),
            new CapturedLine("web", 7, 2, LogStream.OUT, "no newline", true));
  }

  @Test
  void pump_dateFormat_prefixesEachLineOnceEvenWhenItArrivesInPieces() throws Exception {
    Pipe pipe = Pipe.open();
    Path file = dir.resolve("out.log");
    LogPump pump = started(pipe, stamped("YYYY-MM-DD HH:mm:ss"), file);

    send(pipe, "one\ntw");
    Await.until("first piece written", Duration.ofSeconds(10), () -> size(file) > 25);
    send(pipe, "o\n\nthree\n");

    assertThat(endOfStream(pump, pipe)).isTrue();
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "2026-01-02 03:04:05: one",
            "2026-01-02 03:04:05: two",
            "2026-01-02 03:04:05: ",
            "2026-01-02 03:04:05: three");
    assertThat(published).extracting(CapturedLine::text).containsExactly("one", "two", "", "three");
  }

  @Test
  void pump_json_eachLineIsAJsonObjectWithTheMessageEscaped() throws Exception {
    Pipe pipe = Pipe.open();
    Path file = dir.resolve("out.log");
    LogPolicy json = new LogPolicy(null, null, null, true, LogPolicy.DEFAULT_MAX_SIZE, 5, false);
    LogPump pump = started(pipe, json, file);
    String message = "say \"hi\"\tback\\slash é \u0001 end";

    send(pipe, message + "\nsecond\nunfinished");

    assertThat(endOfStream(pump, pipe)).isTrue();
    List<String> lines = Files.readAllLines(file);
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
  void pump_lineLongerThanTheLimit_isWholeInTheFileAndPublishedInPartialPieces() throws Exception {
    Pipe pipe = Pipe.open();
    Path file = dir.resolve("out.log");
    LogPump pump = started(pipe, PLAIN, file);
    String longLine = "z".repeat(40_000);

    send(pipe, longLine + "\nafter\n");

    assertThat(endOfStream(pump, pipe)).isTrue();
    assertThat(Files.readAllLines(file)).containsExactly(longLine, "after");
    assertThat(published).extracting(l -> l.text().length()).containsExactly(16384, 16384, 7232, 5);
    assertThat(published)
        .extracting(CapturedLine::partial)
        .containsExactly(true, true, false, false);
  }

  @Test
  void detach_midLine_leavesTheLineOpenAndTheNextPumpContinuesItWithoutPrefix() throws Exception {
    Path file = dir.resolve("out.log");
    LogPolicy policy = stamped("HH:mm");
    Pipe first = Pipe.open();
    LogPump before = started(first, policy, file);
    send(first, "whole\nhalf");
    Await.until("half written", Duration.ofSeconds(10), () -> read(file).endsWith("half"));

    before.detach(5_000);
    writers.remove(0).close();
    Pipe second = Pipe.open();
    LogPump after = started(second, policy, file);
    send(second, "-done\nnext\n");

    assertThat(before.ended().get(10, TimeUnit.SECONDS)).isFalse();
    assertThat(endOfStream(after, second)).isTrue();
    assertThat(Files.readAllLines(file))
        .containsExactly("03:04: whole", "03:04: half-done", "03:04: next");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
