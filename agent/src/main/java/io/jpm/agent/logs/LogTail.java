package io.jpm.agent.logs;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the last lines of a log file, going back into its rotated files ({@code .1}, {@code .1.gz},
 * {@code .2} ...) while the newer ones hold fewer lines than asked. Memory is bounded by a byte
 * budget; lines longer than {@link LineAssembler#MAX_LINE} bytes are cut.
 */
final class LogTail {
  /** Most lines returned per file and stream. */
  static final int MAX_LINES = 10_000;

  private static final int BLOCK = 64 * 1024;

  /**
   * One stored line.
   *
   * @param text the line without its newline
   * @param partial true when it had no newline (the file ends inside it) or was cut
   */
  record StoredLine(String text, boolean partial) {}

  private LogTail() {}

  /** The last {@code n} lines of {@code file} and its rotated files, oldest first. */
  static List<StoredLine> last(Path file, int n, long budgetBytes) throws IOException {
    Deque<StoredLine> out = new ArrayDeque<>();
    List<Path> files = new ArrayList<>();
    files.add(file);
    new RotatedFiles(file).list().forEach(r -> files.add(r.path()));
    long budget = budgetBytes;
    int want = Math.min(n, MAX_LINES);
    for (Path f : files) {
      int need = want - out.size();
      if (need <= 0 || budget <= 0) {
        break;
      }
      if (!Files.isRegularFile(f)) {
        continue; // e.g. nothing logged since a flush: older lines may be in rotated files
      }
      List<StoredLine> got =
          f.getFileName().toString().endsWith(".gz")
              ? lastOfGzip(f, need, budget)
              : lastOfPlain(f, need, budget);
      for (int i = got.size() - 1; i >= 0; i--) {
        out.addFirst(got.get(i));
        budget -= got.get(i).text().length() + 1L;
      }
    }
    return new ArrayList<>(out);
  }

  private static List<StoredLine> lastOfPlain(Path f, int n, long budget) throws IOException {
    try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
      long size = c.size();
      if (size == 0) {
        return List.of();
      }
      Deque<byte[]> blocks = new ArrayDeque<>();
      long pos = size;
      int newlines = 0;
      long read = 0;
      // One newline more than lines wanted, to know where the oldest wanted line begins.
      while (pos > 0 && newlines <= n && read < budget) {
        int len = (int) Math.min(BLOCK, pos);
        pos -= len;
        byte[] block = new byte[len];
        readFully(c, ByteBuffer.wrap(block), pos);
        for (byte b : block) {
          newlines += b == '\n' ? 1 : 0;
        }
        blocks.addFirst(block);
        read += len;
      }
      ByteArrayOutputStream all =
          new ByteArrayOutputStream((int) Math.min(read, Integer.MAX_VALUE));
      for (byte[] block : blocks) {
        all.write(block, 0, block.length);
      }
      List<StoredLine> lines = split(all.toByteArray(), pos > 0);
      return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
  }

  private static void readFully(FileChannel c, ByteBuffer buffer, long at) throws IOException {
    while (buffer.hasRemaining()) {
      if (c.read(buffer, at + buffer.position()) < 0) {
        return; // the file shrank (flushed) meanwhile: the rest stays zero
      }
    }
  }

  /** Lines of {@code bytes}; the first is dropped when it may have begun before them. */
  private static List<StoredLine> split(byte[] bytes, boolean firstIsCut) {
    List<StoredLine> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(line(bytes, start, i - start, false));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(line(bytes, start, bytes.length - start, true));
    }
    if (firstIsCut && !lines.isEmpty()) {
      lines.remove(0);
    }
    return lines;
  }

  private static List<StoredLine> lastOfGzip(Path f, int n, long budget) throws IOException {
    Deque<StoredLine> ring = new ArrayDeque<>();
    long bytes = 0;
    try (InputStream in =
        new BufferedInputStream(new GZIPInputStream(Files.newInputStream(f), BLOCK), BLOCK)) {
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        if (b != '\n') {
          if (current.size() < LineAssembler.MAX_LINE) {
            current.write(b);
          }
          continue;
        }
        StoredLine line = line(current.toByteArray(), 0, current.size(), false);
        current.reset();
        ring.addLast(line);
        bytes += line.text().length() + 1L;
        while (ring.size() > n || (bytes > budget && ring.size() > 1)) {
          bytes -= ring.removeFirst().text().length() + 1L;
        }
      }
      if (current.size() > 0) {
        ring.addLast(line(current.toByteArray(), 0, current.size(), true));
        if (ring.size() > n) {
          ring.removeFirst();
        }
      }
    }
    return new ArrayList<>(ring);
  }

  private static StoredLine line(byte[] b, int off, int len, boolean partial) {
    boolean cut = len > LineAssembler.MAX_LINE;
    int kept = Math.min(len, LineAssembler.MAX_LINE);
    return new StoredLine(new String(b, off, kept, StandardCharsets.UTF_8), partial || cut);
  }
}
