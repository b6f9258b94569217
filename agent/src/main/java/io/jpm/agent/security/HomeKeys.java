package io.jpm.agent.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * This JPM_HOME's CURVE identity: {@code keys/id.key} (public and secret key, Z85, 0600) and {@code
 * keys/id.pub} (public key), in the owner-only directory {@code keys/}, created on first need.
 *
 * <p>id.key holds two lines, {@code public <key>} and {@code secret <key>} ({@code #} comments
 * allowed); id.pub holds the public key alone. id.key is the source of truth: a missing or stale
 * id.pub is rewritten from it.
 */
public final class HomeKeys {
  private static final Pattern WORDS = Pattern.compile("\\s+");
  private static final Logger LOG = Logger.getLogger(HomeKeys.class.getName());

  private final Path dir;
  private final CurveKeyPair keys;

  private HomeKeys(Path dir, CurveKeyPair keys) {
    this.dir = dir;
    this.keys = keys;
  }

  /** The keys directory of a JPM_HOME: {@code <home>/keys}. */
  public static Path keysDir(Path home) {
    return home.resolve("keys");
  }

  /**
   * Loads the key pair of {@code home}, creating {@code keys/} and a new pair when there is none.
   *
   * @throws IOException when a file cannot be read or written, is malformed (naming the file and
   *     the line), or is open to group or others (naming the chmod that fixes it)
   */
  public static HomeKeys loadOrCreate(Path home) throws IOException {
    Path dir = keysDir(home);
    PrivateFiles.ownerOnlyDir(dir);
    Path keyFile = dir.resolve("id.key");
    if (!Files.exists(keyFile)) {
      CurveKeyPair fresh = CurveKeyPair.generate();
      if (PrivateFiles.createIfMissing(keyFile, keyFileText(fresh))) {
        LOG.info(
            () ->
                "created the CURVE key pair "
                    + keyFile
                    + " (public key "
                    + fresh.publicKey()
                    + ")");
      }
    }
    CurveKeyPair keys = readKeyFile(keyFile);
    Path pub = dir.resolve("id.pub");
    if (!keys.publicKey().equals(readPublic(pub))) {
      PrivateFiles.replace(pub, keys.publicKey() + "\n");
    }
    return new HomeKeys(dir, keys);
  }

  /** The key pair. */
  public CurveKeyPair keys() {
    return keys;
  }

  /** The public key (Z85). */
  public String publicKey() {
    return keys.publicKey();
  }

  /** The {@code keys/} directory. */
  public Path dir() {
    return dir;
  }

  /** {@code keys/authorized}: who may connect (see {@link AuthorizedKeys}). */
  public Path authorizedFile() {
    return dir.resolve("authorized");
  }

  /**
   * Reads a public key from a file holding it alone ({@code id.pub}, {@code #} comments allowed).
   *
   * @throws IOException when the file cannot be read or holds no single valid key
   */
  public static String readPublicKeyFile(Path file) throws IOException {
    List<String> keys =
        Files.readAllLines(file, StandardCharsets.UTF_8).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    if (keys.size() != 1) {
      throw new IOException(file + ": expected one public key line, found " + keys.size());
    }
    try {
      return CurveKey.require(keys.get(0));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static String readPublic(Path pub) throws IOException {
    try {
      return readPublicKeyFile(pub);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      LOG.warning(() -> pub + " is not a valid public key file; rewriting it from id.key");
      return "";
    }
  }

  private static CurveKeyPair readKeyFile(Path file) throws IOException {
    PrivateFiles.requireOwnerOnly(file, "chmod 600");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String publicKey = null;
    String secretKey = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = WORDS.split(line);
      try {
        if (words.length == 2 && words[0].equals("public") && publicKey == null) {
          publicKey = CurveKey.require(words[1]);
        } else if (words.length == 2 && words[0].equals("secret") && secretKey == null) {
          secretKey = CurveKey.require(words[1]);
        } else {
          throw new IllegalArgumentException(
              "expected 'public <key>' or 'secret <key>', once each");
        }
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    if (publicKey == null || secretKey == null) {
      throw new IOException(
          file + ": missing the " + (publicKey == null ? "public" : "secret") + " key line");
    }
    return new CurveKeyPair(publicKey, secretKey);
  }

  private static String keyFileText(CurveKeyPair keys) {
    return "# jpm CURVE key pair of this JPM_HOME. Keep it secret: it is this home's identity.\n"
        + "public "
        + keys.publicKey()
        + "\nsecret "
        + keys.secretKey()
        + "\n";
  }
}
