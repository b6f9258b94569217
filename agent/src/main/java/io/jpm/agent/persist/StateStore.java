package io.jpm.agent.persist;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.messages.v1.AgentState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One file holding a jpm.v1.AgentState (JPM_HOME/state.pb or dump.pb), written atomically and read
 * back defensively.
 *
 * <p>A write goes to a temporary file in the same directory (owner-only: specs carry env values),
 * which is written, fsynced, renamed over the file, and then the directory is fsynced. A crash at
 * any point leaves either the old file or the new one, never an empty or partial one; the temporary
 * files such a crash leaves are removed by {@link #discardUnfinishedWrites()}.
 *
 * <p>A file that does not parse, has another format, or lacks its last field is corrupt: it is
 * renamed to {@code <name>.corrupt-<UTC time>} and reported as a {@link CorruptStateException},
 * never thrown at the agent as anything worse. The last-field check catches truncation at a field
 * boundary, which protobuf would otherwise parse as a shorter, valid list: protobuf-java writes
 * fields in field-number order, so written_at_ms (field 4, never 0) comes last.
 *
 * <p>Not thread-safe: one writer thread owns each store.
 */
public final class StateStore {
  /** The format version this build writes and reads (state.proto's AgentState.format). */
  public static final int FORMAT = 1;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** Renames a finished temporary file over the target; a seam for crash tests. */
  @FunctionalInterface
  interface Renamer {
    void rename(Path from, Path to) throws IOException;
  }

  private final Path file;
  private final InstantSource clock;
  private final Renamer renamer;

  /** A store for {@code file}; {@code clock} names corrupt files set aside. */
  public StateStore(Path file, InstantSource clock) {
    this(
        file,
        clock,
        (from, to) ->
            Files.move(
                from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING));
  }

  StateStore(Path file, InstantSource clock, Renamer renamer) {
    this.file = file.toAbsolutePath();
    this.clock = clock;
    this.renamer = renamer;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** Replaces the file with {@code state}, atomically and durably. */
  public void write(AgentState state) throws IOException {
    Path dir = file.getParent();
    Files.createDirectories(dir);
    Path tmp =
        Files.createTempFile(
            dir,
            file.getFileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(state.toByteArray());
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      renamer.rename(tmp, file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    // The rename is durable only once the directory entry is on disk.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  /**
   * The state in the file, or empty when there is no file.
   *
   * @throws CorruptStateException when the file is corrupt (it has been set aside)
   * @throws IOException when the file exists but cannot be read
   */
  public Optional<AgentState> read() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String problem;
    try {
      AgentState state = AgentState.parseFrom(bytes);
      problem = problemOf(state, bytes.length);
      if (problem == null) {
        return Optional.of(state);
      }
    } catch (InvalidProtocolBufferException e) {
      problem = "it does not parse (" + e.getMessage() + ")";
    }
    Path aside = setAside();
    throw new CorruptStateException(
        file + " is unreadable: " + problem + "; moved it to " + aside, aside);
  }

  /** Removes the file, if any. */
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }

  /**
   * Removes the temporary files of writes that a crash interrupted. Call only while no write can be
   * under way (at agent start, holding the JPM_HOME lock).
   *
   * @return how many were removed
   */
  public int discardUnfinishedWrites() throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    String glob = file.getFileName() + ".*.tmp";
    try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, glob)) {
      for (Path leftover : leftovers) {
        Files.deleteIfExists(leftover);
        removed++;
      }
    }
    return removed;
  }

  private static String problemOf(AgentState state, int size) {
    if (size == 0) {
      return "it is empty";
    }
    if (state.getFormat() != FORMAT) {
      return state.getFormat() == 0
          ? "it has no format version"
          : "it has format " + state.getFormat() + ", this jpm reads " + FORMAT;
    }
    if (state.getWrittenAtMs() == 0) {
      return "it is truncated (its last field is missing)";
    }
    return null;
  }

  private Path setAside() throws IOException {
    String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
    Path aside = file.resolveSibling(base);
    for (int i = 1; Files.exists(aside); i++) {
      aside = file.resolveSibling(base + "-" + i);
    }
    Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    return aside;
  }
}
