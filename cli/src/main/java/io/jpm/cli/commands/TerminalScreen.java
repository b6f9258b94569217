package io.jpm.cli.commands;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A full-screen terminal view, as top draws one: the alternate screen with the cursor hidden, and
 * the tty in character mode without echo ({@code stty -icanon -echo} on /dev/tty), so single keys
 * arrive at once. Ctrl-C still raises SIGINT (ISIG stays on); a shutdown hook then restores the
 * terminal just as {@link #close()} does, so the shell gets it back as it was either way.
 *
 * <p>Use only when stdin and stdout are a terminal ({@code System.console() != null}).
 */
final class TerminalScreen implements AutoCloseable {
  private static final String ALTERNATE_SCREEN = "\033[?1049h";
  private static final String MAIN_SCREEN = "\033[?1049l";
  private static final String HIDE_CURSOR = "\033[?25l";
  private static final String SHOW_CURSOR = "\033[?25h";
  private static final String HOME = "\033[H";
  private static final String CLEAR_TO_LINE_END = "\033[K";
  private static final String CLEAR_BELOW = "\033[J";

  private final PrintWriter out;
  private final String savedMode;
  private final AtomicBoolean restored = new AtomicBoolean();
  private final Thread restoreOnExit = new Thread(this::restore, "jpm-monit-restore");

  private TerminalScreen(PrintWriter out, String savedMode) {
    this.out = out;
    this.savedMode = savedMode;
  }

  /**
   * Saves the tty's mode, switches to character mode and the alternate screen.
   *
   * @throws IOException when stty fails (no /dev/tty)
   */
  static TerminalScreen enter(PrintWriter out) throws IOException {
    String saved = stty("-g").trim();
    TerminalScreen screen = new TerminalScreen(out, saved);
    Runtime.getRuntime().addShutdownHook(screen.restoreOnExit);
    stty("-icanon", "-echo", "min", "1");
    out.print(ALTERNATE_SCREEN + HIDE_CURSOR);
    out.flush();
    return screen;
  }

  /** Redraws the whole screen with {@code text}, overwriting in place (no flicker of a clear). */
  void draw(String text) {
    StringBuilder b = new StringBuilder(HOME);
    for (String line : text.split("\n", -1)) {
      b.append(line.replace("\r", "")).append(CLEAR_TO_LINE_END).append("\r\n");
    }
    b.setLength(b.length() - 2);
    out.print(b.append(CLEAR_BELOW));
    out.flush();
  }

  /** Gives the terminal back as it was; later calls do nothing. */
  @Override
  public void close() {
    restore();
    try {
      Runtime.getRuntime().removeShutdownHook(restoreOnExit);
    } catch (IllegalStateException e) {
      // Already shutting down: the hook runs (or ran) restore(), which is idempotent.
    }
  }

  private void restore() {
    if (!restored.compareAndSet(false, true)) {
      return;
    }
    out.print(SHOW_CURSOR + MAIN_SCREEN);
    out.flush();
    try {
      stty(savedMode);
    } catch (IOException e) {
      // Nothing better to do: `stty sane` fixes the terminal by hand.
    }
  }

  /** Runs stty on /dev/tty and returns what it printed. */
  private static String stty(String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("stty"));
    argv.addAll(List.of(args));
    Process p =
        new ProcessBuilder(argv)
            .redirectInput(new File("/dev/tty"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("stty " + String.join(" ", args) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running stty", e);
    }
    return printed;
  }
}
