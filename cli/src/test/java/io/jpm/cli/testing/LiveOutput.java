package io.jpm.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What a running process has printed on one stream so far, read by a thread of its own. */
public final class LiveOutput {
  private final StringBuilder text = new StringBuilder(); // guarded by itself
  private final Thread reader;

  private LiveOutput(InputStream in, String name) {
    reader =
        new Thread(
            () -> {
              char[] buf = new char[8192];
              try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                for (int n = r.read(buf); n >= 0; n = r.read(buf)) {
                  append(new String(buf, 0, n));
                }
              } catch (IOException e) {
                append("\n[read failed: " + e.getMessage() + "]\n");
              }
            },
            "live-output-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts reading {@code process}'s stdout. */
  public static LiveOutput stdout(Process process) {
    return new LiveOutput(process.getInputStream(), "out-" + process.pid());
  }

  /** Starts reading {@code process}'s stderr. */
  public static LiveOutput stderr(Process process) {
    return new LiveOutput(process.getErrorStream(), "err-" + process.pid());
  }

  private void append(String s) {
    synchronized (text) {
      text.append(s);
    }
  }

  /** Everything read so far. */
  public String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  /** Everything the process printed, once the stream has ended (the process exited). */
  public String untilClosed(Duration timeout) throws InterruptedException {
    reader.join(timeout.toMillis());
    assertThat(reader.isAlive()).as("stream still open after " + timeout).isFalse();
    return text();
  }

  @Override
  public String toString() {
    return text();
  }
}
