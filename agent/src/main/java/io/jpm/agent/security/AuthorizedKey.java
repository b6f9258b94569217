package io.jpm.agent.security;

/**
 * One line of {@code keys/authorized}: a public key allowed to connect, with a role and a name.
 *
 * @param role what the key may do
 * @param publicKey the client's CURVE public key (Z85)
 * @param name who it is, for logs and `jpm keys revoke NAME` (one word)
 */
public record AuthorizedKey(Role role, String publicKey, String name) {

  /** Checks the key and the name. */
  public AuthorizedKey {
    publicKey = CurveKey.require(publicKey);
    requireName(name);
  }

  /**
   * Checks a key name: one word of printable characters, not starting with {@code #}.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static String requireName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a key name must not be empty");
    }
    if (name.startsWith("#") || !name.chars().allMatch(c -> c > ' ' && c < 127)) {
      throw new IllegalArgumentException(
          "a key name is one word of printable ASCII characters, not starting with '#': '"
              + name
              + "'");
    }
    return name;
  }

  /** The line as written in keys/authorized. */
  public String line() {
    return role.word() + " " + publicKey + " " + name;
  }

  /** The ZAP User-Id of a client with this key. */
  public String userId() {
    return role.userId(name);
  }
}
