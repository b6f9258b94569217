package io.jpm.agent.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The fields jpm needs from one {@code /proc/<pid>/stat} line (proc(5)).
 *
 * @param pid process id (field 1)
 * @param comm command name without the parentheses (field 2); may contain spaces and ')'
 * @param state one letter: R, S, D, Z (zombie), T, ... (field 3)
 * @param ppid parent pid (field 4)
 * @param pgrp process group id (field 5)
 * @param session session id (field 6)
 * @param utime user CPU time in clock ticks (field 14)
 * @param stime system CPU time in clock ticks (field 15)
 * @param starttime start time in clock ticks after boot (field 22); tells a reused pid apart
 */
public record ProcStat(
    long pid,
    String comm,
    char state,
    long ppid,
    long pgrp,
    long session,
    long utime,
    long stime,
    long starttime) {

  /** Clock ticks per second (USER_HZ); 100 on every Linux architecture jpm runs on. */
  public static final int CLK_TCK = 100;

  // Index of each field in the text after the comm's closing ')': state is field 3 → index 0.
  private static final int STATE = 0;
  private static final int PPID = 1;
  private static final int PGRP = 2;
  private static final int SESSION = 3;
  private static final int UTIME = 11;
  private static final int STIME = 12;
  private static final int STARTTIME = 19;

  /**
   * Parses one stat line. The comm is whatever lies between the first '(' and the LAST ')', since a
   * program may name itself "a) b" and only the last ')' is certain to close it.
   *
   * @throws IllegalArgumentException when the line is not a stat line
   */
  public static ProcStat parse(String line) {
    int open = line.indexOf('(');
    int close = line.lastIndexOf(')');
    if (open < 1 || close < open) {
      throw new IllegalArgumentException("not a /proc stat line: " + abbreviate(line));
    }
    String[] f = line.substring(close + 1).trim().split(" ", STARTTIME + 2);
    if (f.length <= STARTTIME || f[STATE].length() != 1) {
      throw new IllegalArgumentException("truncated /proc stat line: " + abbreviate(line));
    }
    try {
      return new ProcStat(
          Long.parseLong(line.substring(0, open).trim()),
          line.substring(open + 1, close),
          f[STATE].charAt(0),
          Long.parseLong(f[PPID]),
          Long.parseLong(f[PGRP]),
          Long.parseLong(f[SESSION]),
          Long.parseLong(f[UTIME]),
          Long.parseLong(f[STIME]),
          Long.parseLong(f[STARTTIME]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in /proc stat line: " + abbreviate(line), e);
    }
  }

  /** Reads {@code <procRoot>/<pid>/stat}; empty when the process does not exist (any more). */
  public static Optional<ProcStat> read(Path procRoot, long pid) {
    try {
      // Latin-1, not UTF-8: a comm is raw bytes and must never make decoding fail.
      byte[] bytes = Files.readAllBytes(procRoot.resolve(Long.toString(pid)).resolve("stat"));
      return Optional.of(parse(new String(bytes, StandardCharsets.ISO_8859_1)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads {@code /proc/<pid>/stat}; empty when the process does not exist (any more). */
  public static Optional<ProcStat> read(long pid) {
    return read(Path.of("/proc"), pid);
  }

  /** User plus system CPU time, in clock ticks. */
  public long cpuTicks() {
    return utime + stime;
  }

  /** True for a process that has exited but was not reaped yet (state Z). */
  public boolean isZombie() {
    return state == 'Z';
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
