package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The runtime's copy of the apps' output: which stream, which prefix, and drops when slow. */
class OutputRelayTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static CapturedLine line(String app, int id, LogStream stream, String text) {
    return new CapturedLine(app, id, 0, stream, text, false);
  }

  @Test
  void line_bare_stdoutLinesToOutAndStderrLinesToErr() {
    OutputRelay relay =
        new OutputRelay(
            new PrintWriter(out), new PrintWriter(err), OutputRelay.Prefix.NONE, "runtime");

    relay.line(line("web", 3, LogStream.OUT, "hello"));
    relay.line(line("web", 3, LogStream.ERR, "oops"));
    relay.line(line("api", 4, LogStream.OUT, "world"));
    relay.close();

    assertThat(out.toString()).isEqualTo("hello\nworld\n");
    assertThat(err.toString()).isEqualTo("oops\n");
  }

  @Test
  void line_prefixed_carriesTheLogsPrefix() {
    OutputRelay relay =
        new OutputRelay(
            new PrintWriter(out), new PrintWriter(err), OutputRelay.Prefix.PLAIN, "runtime");

    relay.line(line("web", 3, LogStream.OUT, "hello"));
    relay.line(line("web", 3, LogStream.ERR, "oops"));
    relay.close();

    assertThat(out.toString()).isEqualTo("3|web[0] | hello\n");
    assertThat(err.toString()).isEqualTo("3|web[0] err | oops\n");
  }

  @Test
  void line_afterClose_isDropped() {
    OutputRelay relay =
        new OutputRelay(
            new PrintWriter(out), new PrintWriter(err), OutputRelay.Prefix.NONE, "runtime");
    relay.close();

    relay.line(line("web", 3, LogStream.OUT, "late"));

    assertThat(out.toString()).isEmpty();
    assertThat(relay.dropped()).isEqualTo(1);
  }

  @Test
  void line_outputBlockedPastTheBound_dropsNewLinesAndSaysSoOnStderr() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch unblock = new CountDownLatch(1);
    Writer blocked =
        new Writer() {
          @Override
          public void write(char[] buf, int off, int len) {
            writing.countDown();
            try {
              unblock.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    OutputRelay relay =
        new OutputRelay(
            new PrintWriter(blocked), new PrintWriter(err), OutputRelay.Prefix.NONE, "runtime");
    relay.line(line("web", 3, LogStream.OUT, "first"));
    writing.await();
    String big = "x".repeat(1 << 20);

    for (int i = 0; i < 6; i++) {
      relay.line(line("web", 3, LogStream.OUT, big));
    }
    unblock.countDown();
    relay.close();

    assertThat(relay.dropped()).as("4 MiB queued at most").isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "jpm runtime: 2 output line(s) not shown: the output could not keep up (the log"
                + " files have them)\n");
  }
}
