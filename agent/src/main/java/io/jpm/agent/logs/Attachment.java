package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process's output capture: its three FIFOs and the two pumps reading them. The launcher passes
 * the FIFOs to the child and tells this object when the process is gone.
 */
public final class Attachment {
  private static final long DETACH_MS = 2_000;

  final int id;
  final Path in;
  final Path out;
  final Path err;
  private final LogPump outPump;
  private final LogPump errPump;
  private final List<FileChannel> keepers;

  Attachment(
      int id,
      Path in,
      Path out,
      Path err,
      LogPump outPump,
      LogPump errPump,
      List<FileChannel> keepers) {
    this.id = id;
    this.in = in;
    this.out = out;
    this.err = err;
    this.outPump = outPump;
    this.errPump = errPump;
    this.keepers = List.copyOf(keepers);
  }

  /** The stdin FIFO. */
  public Path stdin() {
    return in;
  }

  /** The stdout FIFO. */
  public Path stdout() {
    return out;
  }

  /** The stderr FIFO. */
  public Path stderr() {
    return err;
  }

  /**
   * The process has exited: once its output is drained (every writer gone: its children may hold
   * the pipes too) the pumps end. Completes then, or after {@code atMost}, whichever is first, so
   * that an exit is reported after the process's last lines are in the files.
   */
  public CompletableFuture<Void> processExited(Duration atMost) {
    closeKeepers();
    return CompletableFuture.allOf(outPump.ended(), errPump.ended())
        .exceptionally(e -> null)
        .completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The process could not be started: the pumps end at once. */
  public void abandon() {
    closeKeepers();
  }

  /** Stops reading without ending anything; the process goes on (see LogPump#detach). */
  void detach() {
    outPump.detach(DETACH_MS);
    errPump.detach(DETACH_MS);
    closeKeepers();
  }

  private void closeKeepers() {
    for (FileChannel c : keepers) {
      try {
        c.close();
      } catch (IOException e) {
        // closing a FIFO end cannot meaningfully fail; nothing to do
      }
    }
  }
}
