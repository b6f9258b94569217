package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Named pipes (FIFOs) in JPM_HOME/run: created with coreutils' mkfifo, owner-only. */
final class Fifos {
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private Fifos() {}

  /**
   * Creates a new FIFO at each path, replacing what is there atomically (mkfifo under a temporary
   * name, then rename), so a process still holding an old FIFO of the same name keeps its own pipe.
   */
  static void createFresh(Path dir, List<Path> fifos) throws IOException {
    ownerOnlyDir(dir);
    String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    List<Path> temps = new ArrayList<>();
    for (Path p : fifos) {
      temps.add(p.resolveSibling(p.getFileName() + "." + tag + ".tmp"));
    }
    List<String> argv = new ArrayList<>(List.of("mkfifo", "-m", "600"));
    temps.forEach(t -> argv.add(t.toString()));
    run(argv);
    for (int i = 0; i < fifos.size(); i++) {
      Files.move(temps.get(i), fifos.get(i), StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** True when {@code p} is a FIFO (not following links). */
  static boolean isFifo(Path p) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & S_IFMT) == S_IFIFO;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void ownerOnlyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void run(List<String> argv) throws IOException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    try {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("mkfifo did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IOException("mkfifo failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating FIFOs", e);
    }
  }
}
