package io.jpm.controller.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Announced hosts on disk (Salt-style acceptance): {@code keys/pending/<host>.yaml} until `jpm keys
 * accept HOST` moves it to {@code keys/accepted/<host>.yaml} (or `jpm keys reject HOST` deletes
 * it). Each file is one host entry as in the inventory ({@code host}, {@code endpoint}, {@code
 * key}, {@code labels}) plus the {@code version} it announced. The controller re-reads both
 * directories every second, so accepting needs no restart; a malformed file is logged and skipped.
 *
 * @param keysDir the home's {@code keys/} directory
 */
public record KeyFiles(Path keysDir) {
  private static final Logger LOG = Logger.getLogger(KeyFiles.class.getName());
  private static final Set<String> KEYS = Set.of("host", "endpoint", "key", "labels", "version");

  /** Hosts waiting for acceptance. */
  public Path pendingDir() {
    return keysDir.resolve("pending");
  }

  /** Accepted hosts. */
  public Path acceptedDir() {
    return keysDir.resolve("accepted");
  }

  /** The pending hosts, in name order. */
  public List<HostEntry> pending() {
    return read(pendingDir());
  }

  /** The accepted hosts, in name order. */
  public List<HostEntry> accepted() {
    return read(acceptedDir());
  }

  /**
   * Records an announcement: a new pending file, or nothing when the host is already accepted with
   * the same key (then it is true).
   *
   * @return whether the host is accepted
   */
  public boolean announced(HostEntry entry, String version) throws IOException {
    HostEntry accepted = find(acceptedDir(), entry.name());
    if (accepted != null && accepted.publicKey().equals(entry.publicKey())) {
      return true;
    }
    ownerOnlyDir(pendingDir());
    Path file = pendingDir().resolve(entry.name() + ".yaml");
    Path tmp = pendingDir().resolve("." + entry.name() + ".yaml.tmp");
    Files.writeString(tmp, yaml(entry, version), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return false;
  }

  /**
   * Moves {@code host}'s pending file to accepted.
   *
   * @throws IllegalArgumentException when no host of that name is pending
   */
  public void accept(String host) throws IOException {
    Path from = pendingFile(host);
    ownerOnlyDir(acceptedDir());
    Files.move(
        from,
        acceptedDir().resolve(host + ".yaml"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Deletes {@code host}'s pending file.
   *
   * @throws IllegalArgumentException when no host of that name is pending
   */
  public void reject(String host) throws IOException {
    Files.delete(pendingFile(host));
  }

  private Path pendingFile(String host) {
    Path file = pendingDir().resolve(host + ".yaml");
    if (host.contains("/") || !Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "no pending host '" + host + "' (in " + pendingDir() + ")");
    }
    return file;
  }

  private static HostEntry find(Path dir, String host) {
    return read(dir).stream().filter(e -> e.name().equals(host)).findFirst().orElse(null);
  }

  private static List<HostEntry> read(Path dir) {
    Map<String, HostEntry> out = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
      for (Path f : files) {
        try {
          HostEntry e = Inventory.entry(f, "entry", Inventory.read(f), KEYS, HostEntry.ANNOUNCED);
          out.put(e.name(), e);
        } catch (IOException | IllegalArgumentException e) {
          LOG.warning(() -> "skipped " + f + ": " + e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warning(() -> "cannot read " + dir + ": " + e);
    }
    return List.copyOf(out.values());
  }

  private static String yaml(HostEntry e, String version) {
    StringBuilder s = new StringBuilder();
    s.append("host: ").append(quoted(e.name())).append('\n');
    s.append("endpoint: ").append(quoted(e.endpoint())).append('\n');
    s.append("key: ").append(quoted(e.publicKey())).append('\n');
    s.append("version: ").append(quoted(version)).append('\n');
    s.append("labels:");
    if (e.labels().isEmpty()) {
      s.append(" {}\n");
    } else {
      s.append('\n');
      new TreeMap<>(e.labels())
          .forEach(
              (k, v) ->
                  s.append("  ").append(quoted(k)).append(": ").append(quoted(v)).append('\n'));
    }
    return s.toString();
  }

  /** A YAML double-quoted scalar (JSON string rules, which YAML accepts). */
  private static String quoted(String text) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        s.append('\\').append(c);
      } else if (c < 0x20) {
        s.append(String.format("\\u%04x", (int) c));
      } else {
        s.append(c);
      }
    }
    return s.append('"').toString();
  }

  private static void ownerOnlyDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }
}
