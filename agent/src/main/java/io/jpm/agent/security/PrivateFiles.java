package io.jpm.agent.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Owner-only directories and files, written so that no reader ever sees a partial file and no other
 * user ever sees a secret: the content goes to a temporary file created 0600, is synced, then moved
 * or linked into place.
 */
final class PrivateFiles {
  private static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private PrivateFiles() {}

  /** Creates {@code dir} 0700 when missing; refuses an existing one open to others. */
  static void ownerOnlyDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir.toAbsolutePath().getParent());
      try {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (FileAlreadyExistsException e) {
        // Another process made it first; check it below like any existing directory.
      }
    }
    requireOwnerOnly(dir, "chmod 700");
  }

  /**
   * Fails when {@code path} grants any permission to group or others.
   *
   * @param fix the command that repairs it, for the message
   */
  static void requireOwnerOnly(Path path, String fix) throws IOException {
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
    open.addAll(perms);
    open.retainAll(GROUP_OR_OTHER);
    if (!open.isEmpty()) {
      throw new IOException(
          path
              + " has permissions "
              + PosixFilePermissions.toString(perms)
              + "; it must be owner-only (run: "
              + fix
              + " "
              + path
              + ")");
    }
  }

  /** Replaces {@code file} atomically with {@code text}, mode 0600. */
  static void replace(Path file, String text) throws IOException {
    Path tmp = writeTemp(file, text);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Creates {@code file} with {@code text}, mode 0600, unless it exists: false when another process
   * created it first (its content is then left alone).
   */
  static boolean createIfMissing(Path file, String text) throws IOException {
    Path tmp = writeTemp(file, text);
    try {
      // A hard link never replaces: of two processes racing, exactly one wins.
      Files.createLink(file, tmp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Path writeTemp(Path file, String text) throws IOException {
    Path tmp =
        file.resolveSibling(
            "."
                + file.getFileName()
                + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try (FileChannel out =
        FileChannel.open(
            tmp,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return tmp;
  }
}
