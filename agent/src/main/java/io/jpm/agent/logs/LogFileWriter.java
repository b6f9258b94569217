package io.jpm.agent.logs;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * Appends one log file and rotates it by size: {@code file.log} becomes {@code file.log.1}, older
 * ones move up to {@code .N} (N = retain) and the oldest is deleted; optionally each rotated file
 * is gzipped in the background ({@code .1.gz}).
 *
 * <p>Rotation happens at line boundaries: a line that begins before the size limit is finished in
 * the same file, so a line shorter than the limit is never split across files. Only a line still
 * running when the file reaches twice the limit is cut, which bounds every file. After each
 * rotation, the oldest rotated files are deleted while all files of this log together exceed {@code
 * maxSize × (retain + 1)}: the hard cap.
 *
 * <p>Files that are not regular (/dev/null, a FIFO, a terminal) are written but never rotated,
 * truncated or renamed. Thread-safe: the pump writes, the flush command truncates; each call holds
 * the lock only for its own work (a rotation waits for the previous file's gzip to finish).
 */
public final class LogFileWriter implements Closeable {
  private static final Logger LOG = Logger.getLogger(LogFileWriter.class.getName());
  private static final int COPY_BUFFER = 64 * 1024;

  private final Path file;
  private final long maxSize;
  private final int retain;
  private final boolean compress;
  private final Executor background;
  private final boolean regular;
  private final RotatedFiles rotated;
  private FileChannel channel;
  private long fileKey;
  private long size;
  private boolean midLine;
  private CompletableFuture<Void> compression = CompletableFuture.completedFuture(null);

  private LogFileWriter(
      Path file, long maxSize, int retain, boolean compress, Executor background, boolean regular)
      throws IOException {
    this.file = file;
    this.maxSize = regular ? maxSize : 0;
    this.retain = retain;
    this.compress = compress;
    this.background = background;
    this.regular = regular;
    this.rotated = new RotatedFiles(file);
    this.channel = openAppend(file);
    this.fileKey = inode(file);
    this.size = regular ? channel.size() : 0;
    this.midLine = regular && size > 0 && lastByte(file, size) != '\n';
  }

  /**
   * Opens (creating it and its directory if missing) {@code file} for appending.
   *
   * @param maxSize rotate before the file grows past this many bytes; 0 never rotates
   * @param retain rotated files kept
   * @param compress gzip rotated files on {@code background}
   */
  public static LogFileWriter open(
      Path file, long maxSize, int retain, boolean compress, Executor background)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    boolean regular = !Files.exists(file) || Files.isRegularFile(file);
    return new LogFileWriter(file, maxSize, retain, compress, background, regular);
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /**
   * True when the file, as opened, ends inside a line (a previous writer stopped mid-line), so the
   * next bytes continue that line rather than start a new one.
   */
  public synchronized boolean endsMidLine() {
    return midLine;
  }

  /** Told of each contiguous write into one file, before it happens (see SpoolJournal). */
  @FunctionalInterface
  interface Pieces {
    /** Receives no calls. */
    Pieces NONE = (from, to, key, offset) -> {};

    /**
     * Bytes {@code from} to {@code to} (relative to the append's offset) are about to be written to
     * the file with inode {@code fileKey}, whose size is {@code fileOffset}.
     */
    void before(int from, int to, long fileKey, long fileOffset) throws IOException;
  }

  /** Appends {@code len} bytes, rotating at line boundaries as needed. */
  public void write(byte[] bytes, int off, int len) throws IOException {
    append(bytes, off, len, Pieces.NONE);
  }

  /** Inode of the file being written now. */
  synchronized long fileKey() {
    return fileKey;
  }

  /** Size of the file being written now, as this writer knows it. */
  synchronized long size() {
    return size;
  }

  /**
   * Appends {@code len} bytes, rotating at line boundaries as needed, telling {@code pieces} of
   * each write before it happens.
   */
  synchronized void append(byte[] bytes, int off, int len, Pieces pieces) throws IOException {
    int from = off;
    int left = len;
    while (left > 0) {
      int n = bytesBeforeRotation(bytes, from, left);
      if (n > 0) {
        pieces.before(from - off, from - off + n, fileKey, size);
        try {
          writeFully(ByteBuffer.wrap(bytes, from, n));
        } catch (IOException e) {
          size = regular ? channel.size() : size; // part of it may be there
          throw e;
        }
        size += n;
        midLine = bytes[from + n - 1] != '\n';
        from += n;
        left -= n;
      }
      if (left > 0) {
        rotate();
      }
    }
  }

  /**
   * How many of the next {@code len} bytes go into the current file; fewer than {@code len} means
   * rotate after writing them. Never 0 right after a rotation, so the loop in write() progresses.
   */
  private int bytesBeforeRotation(byte[] b, int off, int len) {
    if (maxSize <= 0) {
      return len;
    }
    long room = maxSize - size;
    if (len <= room) {
      return len;
    }
    if (room > 0) {
      int last = lastNewline(b, off, (int) room);
      if (last >= 0) {
        return last - off + 1;
      }
    }
    if (!midLine && size > 0) {
      return 0; // at a line start with no whole line fitting: rotate first
    }
    // Finish the line that began in this file, up to twice the limit; past that it is cut.
    long hard = 2 * maxSize - size;
    if (hard <= 0) {
      return 0;
    }
    int first = firstNewline(b, off, (int) Math.min(len, hard));
    if (first >= 0) {
      return first - off + 1;
    }
    return (int) Math.min(len, hard);
  }

  /** Empties the file (and deletes its rotated files) while the app keeps writing. */
  public synchronized void truncate() throws IOException {
    if (!regular) {
      return;
    }
    awaitCompression();
    channel.truncate(0);
    size = 0;
    rotated.deleteAll();
  }

  /**
   * Empties a log file nobody writes now and deletes its rotated files (flush of a stopped app).
   */
  public static void truncate(Path file) throws IOException {
    if (Files.isRegularFile(file)) {
      try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
        c.truncate(0);
      }
    }
    if (!Files.exists(file) || Files.isRegularFile(file)) {
      new RotatedFiles(file).deleteAll();
    }
  }

  /** Closes the file, after any running gzip of a rotated file has finished. */
  @Override
  public synchronized void close() throws IOException {
    awaitCompression();
    channel.close();
  }

  private void rotate() throws IOException {
    awaitCompression();
    if (retain == 0) {
      channel.truncate(0);
      size = 0;
      return;
    }
    channel.close();
    rotated.shift(retain);
    try {
      Files.move(file, rotated.path(1), StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // Someone removed the file: nothing to keep, start a new one.
    }
    channel = openAppend(file);
    fileKey = inode(file);
    size = 0;
    if (compress) {
      Path first = rotated.path(1);
      compression = CompletableFuture.runAsync(() -> gzip(first), background);
    }
    rotated.enforceCap(maxSize * retain);
  }

  private void awaitCompression() {
    try {
      compression.join();
    } catch (CompletionException e) {
      LOG.log(Level.WARNING, "gzip of a rotated log of " + file + " failed", e.getCause());
    }
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Gzips {@code source} to source.gz (through a temporary file) and deletes it. */
  static void gzip(Path source) {
    Path target = RotatedFiles.gzipped(source);
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(temp), COPY_BUFFER)) {
      in.transferTo(out);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot gzip " + source + "; kept uncompressed", e);
      deleteQuietly(temp);
      return;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(source);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot replace " + source + " by " + target, e);
      deleteQuietly(temp);
    }
  }

  private static FileChannel openAppend(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static long inode(Path file) throws IOException {
    try {
      return (Long) Files.getAttribute(file, "unix:ino");
    } catch (UnsupportedOperationException e) {
      return 0;
    }
  }

  private static int lastByte(Path file, long size) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      return c.read(one, size - 1) == 1 ? one.get(0) : '\n';
    }
  }

  private static int lastNewline(byte[] b, int off, int len) {
    for (int i = off + len - 1; i >= off; i--) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int firstNewline(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      LOG.fine(() -> "cannot delete " + p + ": " + e);
    }
  }
}
