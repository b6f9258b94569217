package io.jpm.agent.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * A child program for output-capture tests: prints lines "000000001 xxx...x" (numbered from 1, each
 * {@code width} bytes with its newline) to stdout, in chunks of random size, one write(2) each, so
 * chunks cut lines anywhere. Usage: {@code NumberedLines COUNT WIDTH MAX_CHUNK [LINES_PER_MS]}; the
 * optional rate slows it down (for tests that act while it prints).
 */
public final class NumberedLines {
  private NumberedLines() {}

  /** The program. */
  public static void main(String[] args) throws IOException {
    int count = Integer.parseInt(args[0]);
    int width = Integer.parseInt(args[1]);
    int maxChunk = Integer.parseInt(args[2]);
    int perMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    Random random = new Random(count);
    byte[] batch = new byte[Math.max(64 * 1024, 4 * maxChunk)];
    int used = 0;
    for (int i = 1; i <= count; i++) {
      if (used + width > batch.length) {
        used = flush(out, batch, used, maxChunk, random);
      }
      used = line(batch, used, i, width);
      if (perMs > 0 && i % perMs == 0) {
        used = flush(out, batch, used, maxChunk, random);
        LockSupport.parkNanos(1_000_000);
      }
    }
    flush(out, batch, used, maxChunk, random);
  }

  /** The line number {@code i} as the program prints it, without newline. */
  public static String text(int i, int width) {
    byte[] b = new byte[width];
    line(b, 0, i, width);
    return new String(b, 0, width - 1, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** The java command that runs this program with {@code args}. */
  public static List<String> command(String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-XX:TieredStopAtLevel=1");
    argv.add("-Xmx64m");
    argv.add("-cp");
    argv.add(classes().toString());
    argv.add(NumberedLines.class.getName());
    argv.addAll(List.of(args));
    return argv;
  }

  private static Path classes() {
    try {
      return Path.of(
          NumberedLines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int line(byte[] b, int at, int i, int width) {
    int n = i;
    for (int d = 8; d >= 0; d--) {
      b[at + d] = (byte) ('0' + n % 10);
      n /= 10;
    }
    for (int k = 9; k < width - 1; k++) {
      b[at + k] = k == 9 ? (byte) ' ' : (byte) 'x';
    }
    b[at + width - 1] = '\n';
    return at + width;
  }

  private static int flush(FileOutputStream out, byte[] b, int used, int maxChunk, Random random)
      throws IOException {
    int off = 0;
    while (off < used) {
      int n = Math.min(used - off, 1 + random.nextInt(maxChunk));
      out.write(b, off, n);
      off += n;
    }
    return 0;
  }
}
