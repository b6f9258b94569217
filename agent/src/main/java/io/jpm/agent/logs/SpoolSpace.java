package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Frees the disk blocks of the copied part of a spool while its process keeps appending to it:
 * util-linux's {@code fallocate --punch-hole} (the JDK has no fallocate(2)). The file keeps its
 * size and offsets (the freed part reads as zeros), so neither the app's appends nor the copier's
 * offsets are disturbed. File systems without hole punching keep the spool whole until its process
 * ends; that is said once.
 */
final class SpoolSpace {
  private static final Logger LOG = Logger.getLogger(SpoolSpace.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private SpoolSpace() {}

  /** Punches a hole over {@code [from, from + length)} of {@code spool}; failures are logged. */
  static void punchHole(Path spool, long from, long length) {
    if (length <= 0) {
      return;
    }
    List<String> argv =
        List.of(
            "fallocate",
            "--punch-hole",
            "--offset",
            Long.toString(from),
            "--length",
            Long.toString(length),
            spool.toString());
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String output =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        warn(spool, "fallocate did not finish");
      } else if (p.exitValue() != 0) {
        warn(spool, output.strip());
      }
    } catch (IOException e) {
      warn(spool, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void warn(Path spool, String why) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warning(
          "cannot free the copied part of "
              + spool
              + " ("
              + why
              + "); spools of long-running chatty apps will use disk until the app restarts");
    }
  }
}
