package io.jpm.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock an agent holds on its JPM_HOME (flock-style, on {@link
 * AgentPaths#lockFile()}), so a second agent for the same home fails instead of stealing sockets.
 * The OS releases it when the agent dies, however it dies.
 */
final class HomeLock implements AutoCloseable {
  // POSIX locks belong to the process: closing ANY channel on the lock file releases them, so a
  // second attempt inside this JVM (tests run several agents) must not even open the file.
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private HomeLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code paths}' JPM_HOME.
   *
   * @throws IOException "an agent already runs for JPM_HOME ... (pid N)" when it is held
   */
  static HomeLock acquire(AgentPaths paths) throws IOException {
    Path file = paths.lockFile().toAbsolutePath().normalize();
    if (!HELD_IN_THIS_JVM.add(file)) {
      throw alreadyRunning(paths);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw alreadyRunning(paths);
      }
      return new HomeLock(file, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD_IN_THIS_JVM.remove(file);
      if (channel != null) {
        channel.close();
      }
      if (e instanceof OverlappingFileLockException) {
        throw alreadyRunning(paths);
      }
      throw e;
    }
  }

  private static IOException alreadyRunning(AgentPaths paths) {
    return new IOException(
        "an agent already runs for JPM_HOME " + paths.home() + " (pid " + pidOf(paths) + ")");
  }

  private static String pidOf(AgentPaths paths) {
    try {
      String pid = Files.readString(paths.pidFile(), StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (NoSuchFileException e) {
      return "unknown";
    } catch (IOException e) {
      return "unknown: " + e.getMessage();
    }
  }

  /** Releases the lock. The file stays: deleting it would let two agents lock two inodes. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
      channel.close();
    } finally {
      HELD_IN_THIS_JVM.remove(file);
    }
  }
}
