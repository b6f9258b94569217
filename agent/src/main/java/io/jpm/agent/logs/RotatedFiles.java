package io.jpm.agent.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rotated files of one log file: {@code name.1}, {@code name.2}, ... each possibly gzipped
 * ({@code name.1.gz}); {@code .1} is the newest.
 */
final class RotatedFiles {
  private final Path file;
  private final Path dir;
  private final Pattern names;

  RotatedFiles(Path file) {
    this.file = file.toAbsolutePath();
    this.dir = this.file.getParent();
    this.names = Pattern.compile(Pattern.quote(this.file.getFileName().toString()) + "\\.(\\d+)");
  }

  /** The uncompressed rotated file number {@code k}. */
  Path path(int k) {
    return file.resolveSibling(file.getFileName() + "." + k);
  }

  /** The gzipped name of {@code p}. */
  static Path gzipped(Path p) {
    return p.resolveSibling(p.getFileName() + ".gz");
  }

  /** One rotated file: its number and path. */
  record Rotated(int number, Path path) {}

  /** The rotated files present, newest (.1) first; gzip temporaries are not listed. */
  List<Rotated> list() throws IOException {
    List<Rotated> out = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        String base = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        Matcher m = names.matcher(base);
        if (m.matches() && m.group(1).length() < 6) {
          out.add(new Rotated(Integer.parseInt(m.group(1)), p));
        }
      }
    }
    out.sort(Comparator.comparingInt(Rotated::number));
    return out;
  }

  /** Makes room for a new .1: deletes .retain and above, moves every other .k to .k+1. */
  void shift(int retain) throws IOException {
    List<Rotated> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      Rotated r = all.get(i);
      if (r.number() >= retain) {
        Files.deleteIfExists(r.path());
      } else {
        String name = r.path().getFileName().toString();
        String renamed =
            file.getFileName() + "." + (r.number() + 1) + (name.endsWith(".gz") ? ".gz" : "");
        move(r.path(), r.path().resolveSibling(renamed));
      }
    }
  }

  /** Deletes the oldest rotated files (never .1) while together they exceed {@code cap}. */
  void enforceCap(long cap) throws IOException {
    List<Rotated> all = list();
    long total = 0;
    for (Rotated r : all) {
      total += sizeOf(r.path());
    }
    for (int i = all.size() - 1; i >= 0 && total > cap; i--) {
      Rotated r = all.get(i);
      if (r.number() > 1) {
        total -= sizeOf(r.path());
        Files.deleteIfExists(r.path());
      }
    }
  }

  /** Deletes every rotated file. */
  void deleteAll() throws IOException {
    for (Rotated r : list()) {
      Files.deleteIfExists(r.path());
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      // Removed meanwhile (flush): nothing to move.
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
