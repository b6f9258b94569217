package io.jpm.cli.testing;

import io.jpm.agent.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A command that prints until it is stopped (`jpm metrics`, `jpm monit`, a subscriber): its stdout
 * lines are collected on a daemon thread, and {@link #close()} kills it (it is our child) and waits
 * for it.
 */
public final class StreamingCommand implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final StringBuilder err = new StringBuilder();

  private StreamingCommand(Process process) {
    this.process = process;
    Thread out = new Thread(() -> read(process, false), "streaming-out");
    Thread errors = new Thread(() -> read(process, true), "streaming-err");
    out.setDaemon(true);
    errors.setDaemon(true);
    out.start();
    errors.start();
  }

  /** Starts {@code builder} with stdin closed. */
  public static StreamingCommand start(ProcessBuilder builder) throws IOException {
    Process p = builder.redirectInput(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().close();
    return new StreamingCommand(p);
  }

  /** The lines printed so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /**
   * Waits until some printed line matches, failing with stdout and stderr after {@code timeout}.
   */
  public String awaitLine(String what, Duration timeout, Predicate<String> matches) {
    try {
      Await.until(what, timeout, () -> lines.stream().anyMatch(matches));
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nstdout: " + lines + "\nstderr: " + stderr(), e);
    }
    return lines.stream().filter(matches).findFirst().orElseThrow();
  }

  /** What it printed on stderr so far. */
  public synchronized String stderr() {
    return err.toString();
  }

  /** True while it runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits at most {@code timeout} for it to exit by itself; its exit code, or -1 if it did not. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  private void read(Process p, boolean stderr) {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                stderr ? p.getErrorStream() : p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (stderr) {
          synchronized (this) {
            err.append(line).append('\n');
          }
        } else {
          lines.add(line);
        }
      }
    } catch (IOException e) {
      // The process was killed: nothing more to read.
    }
  }

  /** Kills the process (SIGKILL) and waits until it is gone. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
