package io.jpm.agent.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The one-record journal that makes copying a spool into its log file exactly-once across agent
 * deaths. Before each write into a log file, the copier records what it is about to write: which
 * spool bytes (a chunk), framed how (line state, time), which part of the chunk's framed output,
 * and where in which file (inode and offset). A new agent reads the record, frames the chunk again
 * (framing is deterministic), and from the file's size knows how much of that write happened: it
 * writes the rest and carries on after the chunk. Nothing is lost and nothing is doubled, wherever
 * a {@code kill -9} lands.
 *
 * <p>The record is small and rewritten in place (one page: a process kill cannot tear it); it is
 * not fsync'ed, because a killed process's writes survive in the page cache (a power cut loses
 * recent log lines anyway).
 */
final class SpoolJournal implements Closeable {
  private static final int MAGIC = 0x4a504d31; // "JPM1"
  private static final int SIZE = 64;

  /**
   * One write about to happen.
   *
   * @param end true for the newline that closes a stream's open last line (no spool bytes)
   * @param spoolFrom first spool byte of the chunk
   * @param spoolTo spool offset after the chunk
   * @param lineStart whether the chunk began at a line start
   * @param millis the chunk's time (for prefixes)
   * @param pieceFrom first byte of the chunk's framed output written by this write
   * @param pieceTo end of this write in the chunk's framed output
   * @param fileKey inode of the log file written
   * @param fileOffset size of the log file before this write
   */
  record Entry(
      boolean end,
      long spoolFrom,
      long spoolTo,
      boolean lineStart,
      long millis,
      int pieceFrom,
      int pieceTo,
      long fileKey,
      long fileOffset) {}

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(SIZE);

  private SpoolJournal(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens (creating) the journal at {@code file}. */
  static SpoolJournal open(Path file) throws IOException {
    return new SpoolJournal(
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
  }

  /** The last record, or empty when none was written (or it is not a record). */
  Optional<Entry> read() throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read the whole record
    }
    if (buffer.position() < SIZE || buffer.getInt(0) != MAGIC) {
      return Optional.empty();
    }
    buffer.flip();
    buffer.getInt();
    boolean end = buffer.get() != 0;
    boolean lineStart = buffer.get() != 0;
    return Optional.of(
        new Entry(
            end,
            buffer.getLong(),
            buffer.getLong(),
            lineStart,
            buffer.getLong(),
            buffer.getInt(),
            buffer.getInt(),
            buffer.getLong(),
            buffer.getLong()));
  }

  /** Replaces the record. */
  void write(Entry e) throws IOException {
    buffer.clear();
    buffer
        .putInt(MAGIC)
        .put((byte) (e.end() ? 1 : 0))
        .put((byte) (e.lineStart() ? 1 : 0))
        .putLong(e.spoolFrom())
        .putLong(e.spoolTo())
        .putLong(e.millis())
        .putInt(e.pieceFrom())
        .putInt(e.pieceTo())
        .putLong(e.fileKey())
        .putLong(e.fileOffset());
    while (buffer.hasRemaining()) {
      buffer.put((byte) 0);
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer, buffer.position());
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
