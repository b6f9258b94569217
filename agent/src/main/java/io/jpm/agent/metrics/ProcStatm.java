package io.jpm.agent.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first fields of one {@code /proc/<pid>/statm} line (proc(5)), in pages.
 *
 * @param sizePages total program size (VmSize)
 * @param residentPages resident set size (VmRSS)
 * @param sharedPages resident shared pages (file-backed and shared memory)
 */
public record ProcStatm(long sizePages, long residentPages, long sharedPages) {

  /** Bytes per page; 4096 on every Linux architecture jpm runs on (x86-64, arm64 default). */
  public static final long PAGE_SIZE = 4096;

  /**
   * Parses a statm line: seven numbers separated by single spaces, of which three are kept.
   *
   * @throws IllegalArgumentException when the line is not a statm line
   */
  public static ProcStatm parse(String line) {
    String[] f = line.trim().split(" ", 4);
    if (f.length < 3) {
      throw new IllegalArgumentException("truncated /proc statm line: '" + line.trim() + "'");
    }
    try {
      return new ProcStatm(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad number in /proc statm line: '" + line.trim() + "'", e);
    }
  }

  /**
   * Reads {@code <procRoot>/<process>/statm}, where {@code process} is a pid or "self"; empty when
   * the process does not exist (any more) or the file does not parse.
   */
  public static Optional<ProcStatm> read(Path procRoot, String process) {
    try {
      byte[] bytes = Files.readAllBytes(procRoot.resolve(process).resolve("statm"));
      return Optional.of(parse(new String(bytes, StandardCharsets.ISO_8859_1)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Reads {@code /proc/self/statm}: the calling JVM's own figures. */
  public static Optional<ProcStatm> self() {
    return read(Path.of("/proc"), "self");
  }

  /** Resident memory in bytes. */
  public long residentBytes() {
    return residentPages * PAGE_SIZE;
  }
}
