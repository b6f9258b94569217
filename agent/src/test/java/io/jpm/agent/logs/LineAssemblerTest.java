package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a stream into feed lines, and skipping that work while no sink wants the lines. */
class LineAssemblerTest {
  private final List<CapturedLine> lines = new ArrayList<>();
  private boolean wanted = true;
  private int asked;

  private final LogSink sink =
      new LogSink() {
        @Override
        public void line(CapturedLine line) {
          lines.add(line);
        }

        @Override
        public boolean wants(String app, int id, int index, LogStream stream) {
          asked++;
          return wanted;
        }
      };

  private final LineAssembler assembler = new LineAssembler("web", 7, 2, LogStream.OUT, sink);

  private void feed(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    assembler.accept(b, 0, b.length);
  }

  private List<String> texts() {
    return lines.stream().map(CapturedLine::text).toList();
  }

  @Test
  void accept_wanted_handsOverEveryLineWithItsStream() {
    feed("a\nb");
    feed("c\n");

    assertThat(texts()).containsExactly("a", "bc");
    assertThat(lines.get(0).app()).isEqualTo("web");
    assertThat(lines.get(0).id()).isEqualTo(7);
    assertThat(lines.get(0).stream()).isEqualTo(LogStream.OUT);
  }

  @Test
  void accept_notWanted_handsOverNothingAndAsksOncePerChunk() {
    wanted = false;

    feed("one\ntwo\nthree\n");
    feed("four\n");

    assertThat(lines).isEmpty();
    assertThat(asked).isEqualTo(2);
  }

  @Test
  void accept_wantedAgainMidLine_handsOverThatLineWhole() {
    wanted = false;
    feed("skipped\nbegun ");
    feed("still ");
    wanted = true;

    feed("ended\nnext\n");

    assertThat(texts()).containsExactly("begun still ended", "next");
  }

  @Test
  void accept_notWantedAfterAPartialLine_dropsTheLinesThatEnd() {
    feed("half ");
    wanted = false;
    feed("done\nopen ");
    wanted = true;

    feed("line\n");

    assertThat(texts()).containsExactly("open line");
  }

  @Test
  void finish_notWantedWithAnOpenLine_handsItOverAsPartial() {
    wanted = false;
    feed("x\nlast words");

    assembler.finish();

    assertThat(texts()).containsExactly("last words");
    assertThat(lines.get(0).partial()).isTrue();
  }
}
