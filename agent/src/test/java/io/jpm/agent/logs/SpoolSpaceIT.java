package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freeing the copied part of a spool keeps its size and the rest of its bytes. */
class SpoolSpaceIT {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void punchHole_copiedPart_freesBlocksAndKeepsSizeAndTheRest() throws Exception {
    Path spool = dir.resolve("1.1.out");
    byte[] mib = new byte[MIB];
    Arrays.fill(mib, (byte) 'x');
    try (FileChannel c =
        FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (int i = 0; i < 16; i++) {
        c.write(ByteBuffer.wrap(mib));
      }
    }
    long before = allocatedBytes(spool);

    SpoolSpace.punchHole(spool, 0, 8L * MIB);

    assertThat(Files.size(spool)).isEqualTo(16L * MIB);
    assertThat(allocatedBytes(spool)).isLessThanOrEqualTo(before - 8L * MIB);
    try (FileChannel c = FileChannel.open(spool, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(2);
      c.read(b, 8L * MIB - 1);
      assertThat(b.array()).containsExactly(0, 'x');
    }
  }

  /** Disk space in use, from stat(1): blocks of 512 bytes. */
  private static long allocatedBytes(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
    assertThat(p.waitFor()).isZero();
    return Long.parseLong(out) * 512;
  }
}
