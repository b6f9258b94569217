package io.jpm.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code keys/authorized}: the public keys allowed to connect to this home's TCP endpoints, one per
 * line as {@code <role> <Z85 key> <name>} ({@code #} starts a comment line), plus keys allowed in
 * memory only (an agent's {@code --controller-key}).
 *
 * <p>Lookups re-read the file whenever its inode, size or modification time changed, so a revoke
 * applies to the next connection without a restart. A bad line is logged once (per version of the
 * file) with its line number and skipped; a file that group or others may access is refused as a
 * whole (logged, and no key of it is accepted), as ssh refuses a loose authorized_keys. Safe to use
 * from any thread.
 */
public final class AuthorizedKeys {
  private static final Pattern WORDS = Pattern.compile("\\s+");
  private static final Logger LOG = Logger.getLogger(AuthorizedKeys.class.getName());
  private static final String HEADER =
      "# Keys allowed to connect to this JPM_HOME's TCP endpoints: <read|operator> <Z85 key> <name>\n";

  private final Path file;
  private final Map<String, AuthorizedKey> inMemory = new ConcurrentHashMap<>();
  private Loaded loaded = new Loaded(null, List.of());

  /** The outcome of parsing the file's lines: the good entries and one message per bad line. */
  public record Parsed(List<AuthorizedKey> entries, List<String> problems) {}

  private record Version(Object fileKey, FileTime modified, long size) {}

  private record Loaded(Version version, List<AuthorizedKey> entries) {}

  /** The keys in {@code file} (which need not exist yet). */
  public AuthorizedKeys(Path file) {
    this.file = file;
  }

  /** The keys of a JPM_HOME: {@code <home>/keys/authorized}. */
  public static AuthorizedKeys ofHome(Path home) {
    return new AuthorizedKeys(HomeKeys.keysDir(home).resolve("authorized"));
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Parses the lines of an authorized file: blank and {@code #} lines are skipped; a bad line, or a
   * second line for a key already listed, becomes a problem naming its 1-based line number.
   */
  public static Parsed parse(List<String> lines) {
    List<AuthorizedKey> entries = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = WORDS.split(line);
      try {
        if (words.length != 3) {
          throw new IllegalArgumentException(
              "expected '<read|operator> <key> <name>', got " + words.length + " word(s)");
        }
        AuthorizedKey key = new AuthorizedKey(Role.parse(words[0]), words[1], words[2]);
        if (!seen.add(key.publicKey())) {
          throw new IllegalArgumentException("key already listed above; this line is ignored");
        }
        entries.add(key);
      } catch (IllegalArgumentException e) {
        problems.add("line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return new Parsed(List.copyOf(entries), List.copyOf(problems));
  }

  /** The keys in the file now, in file order (not the in-memory ones). */
  public synchronized List<AuthorizedKey> entries() {
    Version now = version();
    if (!Objects.equals(now, loaded.version())) {
      loaded = new Loaded(now, now == null ? List.of() : load());
    }
    return loaded.entries();
  }

  /** The entry for {@code publicKey}: the file's, else an in-memory one; empty when unknown. */
  public Optional<AuthorizedKey> find(String publicKey) {
    for (AuthorizedKey k : entries()) {
      if (k.publicKey().equals(publicKey)) {
        return Optional.of(k);
      }
    }
    return Optional.ofNullable(inMemory.get(publicKey));
  }

  /** Allows {@code key} until this object is gone, without writing the file. */
  public void allowInMemory(AuthorizedKey key) {
    inMemory.put(key.publicKey(), key);
  }

  /**
   * Adds (or, for a key already listed, replaces) a line and rewrites the file atomically, 0600.
   *
   * @throws IllegalArgumentException when another key already has this name
   */
  public synchronized AuthorizedKey authorize(String publicKey, String name, Role role)
      throws IOException {
    AuthorizedKey added = new AuthorizedKey(role, publicKey, name);
    for (AuthorizedKey k : entries()) {
      if (k.name().equals(name) && !k.publicKey().equals(added.publicKey())) {
        throw new IllegalArgumentException(
            "the name '" + name + "' is already used by key " + k.publicKey() + " in " + file);
      }
    }
    List<String> kept = new ArrayList<>(rawLines());
    kept.removeIf(l -> matches(l, added.publicKey()));
    kept.add(added.line());
    write(kept);
    return added;
  }

  /**
   * Removes every line whose name or key is {@code nameOrKey} and rewrites the file atomically.
   *
   * @return the removed entries; empty when none matched (the file is then left alone)
   */
  public synchronized List<AuthorizedKey> revoke(String nameOrKey) throws IOException {
    List<AuthorizedKey> removed =
        entries().stream()
            .filter(k -> k.name().equals(nameOrKey) || k.publicKey().equals(nameOrKey))
            .toList();
    if (!removed.isEmpty()) {
      List<String> kept = new ArrayList<>(rawLines());
      kept.removeIf(l -> removed.stream().anyMatch(k -> matches(l, k.publicKey())));
      write(kept);
    }
    return removed;
  }

  private static boolean matches(String line, String publicKey) {
    String[] words = WORDS.split(line.strip());
    return !line.strip().startsWith("#") && words.length >= 2 && words[1].equals(publicKey);
  }

  private List<String> rawLines() throws IOException {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of(HEADER.strip());
    }
  }

  private void write(List<String> lines) throws IOException {
    PrivateFiles.ownerOnlyDir(file.toAbsolutePath().getParent());
    PrivateFiles.replace(file, String.join("\n", lines) + "\n");
  }

  private Version version() {
    try {
      BasicFileAttributes a =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new Version(a.fileKey(), a.lastModifiedTime(), a.size());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read " + file + "; no key of it is accepted", e);
      return null;
    }
  }

  private List<AuthorizedKey> load() {
    try {
      PrivateFiles.requireOwnerOnly(file, "chmod 600");
      Parsed parsed = parse(Files.readAllLines(file, StandardCharsets.UTF_8));
      parsed.problems().forEach(p -> LOG.warning(() -> file + " " + p + " (line ignored)"));
      return parsed.entries();
    } catch (IOException | RuntimeException e) {
      LOG.severe(() -> "refusing every key of " + file + ": " + e.getMessage());
      return List.of();
    }
  }
}
