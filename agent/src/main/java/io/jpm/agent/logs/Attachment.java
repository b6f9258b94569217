package io.jpm.agent.logs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One process's output capture: its stdin FIFO and its two spools. The launcher passes the files to
 * the child and tells this object when the process is gone.
 */
public final class Attachment {
  final Path in;
  private final Spool out;
  private final Spool err;
  private final SpoolCopier copier;

  Attachment(Path in, Spool out, Spool err, SpoolCopier copier) {
    this.in = in;
    this.out = out;
    this.err = err;
    this.copier = copier;
  }

  /** The stdin FIFO (created by the child's launch shell). */
  public Path stdin() {
    return in;
  }

  /** The stdout spool. */
  public Path stdout() {
    return out.path;
  }

  /** The stderr spool. */
  public Path stderr() {
    return err.path;
  }

  /** Completes once both spools are retired (copied to their end and removed). */
  CompletableFuture<Void> ended() {
    return CompletableFuture.allOf(out.retired, err.retired);
  }

  /**
   * The process has exited: what its spools still hold is copied, then they are removed. Completes
   * then, or after {@code atMost}, whichever is first, so that an exit is reported after the
   * process's last lines are in the files.
   */
  public CompletableFuture<Void> processExited(Duration atMost) {
    return CompletableFuture.allOf(copier.end(out), copier.end(err))
        .exceptionally(e -> null)
        .completeOnTimeout(null, atMost.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The process could not be started: its (empty) spools are removed. */
  public void abandon() {
    var unused = processExited(Duration.ZERO);
  }
}
