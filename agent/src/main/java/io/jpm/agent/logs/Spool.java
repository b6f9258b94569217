package io.jpm.agent.logs;

import io.jpm.agent.logs.SpoolJournal.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * One process stream's spool: the file the process appends its output to (the kernel keeps every
 * byte, whoever reads and whenever), copied chunk by chunk into the stream's log file, framed, and
 * cut into lines for the live feed. How far it has been copied is in its {@link SpoolJournal}, so a
 * new agent carries on exactly where a dead one stopped.
 *
 * <p>Used by the {@link SpoolCopier} thread only (the dirty flag excepted).
 */
final class Spool {
  /** Spool bytes between reclaims of the copied part (the file stays, its blocks are freed). */
  private static final long RECLAIM_EVERY = 8L << 20;

  /** What a spool needs from around it. */
  interface Context {
    /** Frees the disk blocks of {@code [from, from + length)} of the spool, in the background. */
    void reclaim(Path spool, long from, long length);

    /** The spool ended: its log file is no longer written by it. */
    void retired(Spool spool);
  }

  final String name;
  final Path path;
  final Path journalPath;
  final LogFileWriter writer;
  final AtomicBoolean dirty = new AtomicBoolean();
  final CompletableFuture<Void> retired = new CompletableFuture<>();
  private final LineFramer framer;
  private final LineAssembler lines;
  private final InstantSource clock;
  private final BooleanSupplier sharedFile;
  private final Context context;
  private FileChannel in;
  private SpoolJournal journal;
  private long offset;
  private long reclaimed;
  private boolean needsRecovery = true;
  private boolean closed;

  Spool(
      Path path,
      Path journalPath,
      LogFileWriter writer,
      LineFramer framer,
      LineAssembler lines,
      InstantSource clock,
      BooleanSupplier sharedFile,
      Context context) {
    this.name = path.getFileName().toString();
    this.path = path;
    this.journalPath = journalPath;
    this.writer = writer;
    this.framer = framer;
    this.lines = lines;
    this.clock = clock;
    this.sharedFile = sharedFile;
    this.context = context;
  }

  /** Opens the spool and its journal. */
  void open() throws IOException {
    in = FileChannel.open(path, StandardOpenOption.READ);
    journal = SpoolJournal.open(journalPath);
  }

  /**
   * Copies what the spool holds beyond what was copied, at most {@code maxChunks} chunks.
   *
   * @param toEnd the process is gone: copy even a last line without newline
   * @return true when more is waiting
   */
  boolean copy(byte[] buf, int maxChunks, boolean toEnd) throws IOException {
    if (closed) {
      return false;
    }
    if (needsRecovery) {
      recover(buf);
    }
    for (int c = 0; c < maxChunks; c++) {
      int n = readAt(buf, buf.length, offset);
      int usable = usable(buf, n, toEnd);
      if (usable <= 0) {
        return false;
      }
      long millis = clock.millis();
      boolean lineStart = framer.atLineStart();
      int consumed = framer.frame(buf, 0, usable, millis);
      writeFramed(false, offset, offset + consumed, lineStart, millis, 0);
      lines.accept(buf, 0, consumed);
      offset += consumed;
      if (offset - reclaimed >= RECLAIM_EVERY) {
        long upTo = offset & ~4095L;
        context.reclaim(path, reclaimed, upTo - reclaimed);
        reclaimed = upTo;
      }
    }
    return true;
  }

  /**
   * Ends the stream after its last byte was copied: closes an open last line, deletes the spool and
   * its journal, and lets go of the log file.
   */
  void retire(byte[] buf) throws IOException {
    while (copy(buf, Integer.MAX_VALUE, true)) {
      // copy everything
    }
    boolean lineStart = framer.atLineStart();
    framer.frameEnd();
    writeFramed(true, offset, offset, lineStart, 0, 0);
    lines.finish();
    close();
    // The spool goes first: a journal without its spool is ignored, a spool without its journal
    // would be copied again from the start.
    Files.deleteIfExists(path);
    Files.deleteIfExists(journalPath);
    context.retired(this);
    retired.complete(null);
  }

  /** Stops copying, leaving spool and journal for the next agent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly();
  }

  /**
   * Redoes the journal's last write: frames its chunk again and writes whatever part of it did not
   * reach the file. Then copying carries on after that chunk.
   */
  private void recover(byte[] buf) throws IOException {
    Optional<Entry> last = journal.read();
    needsRecovery = false;
    if (last.isEmpty()) {
      offset = 0;
      framer.startAt(!writer.endsMidLine());
      return;
    }
    Entry e = last.get();
    framer.startAt(e.lineStart());
    if (e.end()) {
      framer.frameEnd();
    } else {
      int len = (int) (e.spoolTo() - e.spoolFrom());
      int n = readAt(buf, len, e.spoolFrom());
      if (n != len || framer.frame(buf, 0, n, e.millis()) != n) {
        throw new IOException(path + " is shorter than its journal says");
      }
    }
    long done =
        writer.fileKey() == e.fileKey()
            ? Math.max(0, Math.min(writer.size() - e.fileOffset(), e.pieceTo() - e.pieceFrom()))
            : e.pieceTo() - e.pieceFrom(); // that file was rotated: the write was complete
    writeFramed(
        e.end(), e.spoolFrom(), e.spoolTo(), e.lineStart(), e.millis(), e.pieceFrom() + (int) done);
    offset = e.spoolTo();
    reclaimed = offset & ~4095L;
  }

  /** Writes the framer's output from {@code skip} on, journaling each piece first. */
  private void writeFramed(
      boolean end, long from, long to, boolean lineStart, long millis, int skip)
      throws IOException {
    int len = framer.outLen() - skip;
    if (len <= 0) {
      return;
    }
    try {
      writer.append(
          framer.outBytes(),
          framer.outOff() + skip,
          len,
          (pf, pt, key, fileOffset) ->
              journal.write(
                  new Entry(
                      end, from, to, lineStart, millis, skip + pf, skip + pt, key, fileOffset)));
    } catch (IOException e) {
      needsRecovery = true; // the journal knows what reached the file
      throw e;
    }
  }

  /**
   * How much of the {@code n} bytes read to copy now: up to the last line end, so that chunks (and
   * rotations) fall between lines; a partial last line waits for the next turn, when it is copied
   * even without its end, except while another stream writes the same file (then the two would
   * interleave inside a line). A line longer than the buffer is copied in pieces.
   */
  private int usable(byte[] buf, int n, boolean toEnd) {
    if (toEnd || n == 0 || buf[n - 1] == '\n') {
      return n;
    }
    for (int i = n - 1; i >= 0; i--) {
      if (buf[i] == '\n') {
        return i + 1;
      }
    }
    return n == buf.length || !sharedFile.getAsBoolean() ? n : 0;
  }

  private int readAt(byte[] buf, int len, long position) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
    while (b.hasRemaining()) {
      if (in.read(b, position + b.position()) <= 0) {
        break;
      }
    }
    return b.position();
  }

  private void closeQuietly() {
    try {
      if (in != null) {
        in.close();
      }
      if (journal != null) {
        journal.close();
      }
    } catch (IOException e) {
      // closing a read-only file or the journal cannot lose anything
    }
  }
}
