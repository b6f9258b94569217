package io.jpm.agent.security;

import org.zeromq.ZMQ;

/** Checks the text of a CURVE key: 40 Z85 characters encoding 32 bytes. */
public final class CurveKey {
  /** Length of a Z85-encoded CURVE key. */
  public static final int Z85_LENGTH = 40;

  private static final String Z85_ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

  private CurveKey() {}

  /**
   * Returns {@code text} trimmed when it is a Z85 CURVE key.
   *
   * @throws IllegalArgumentException naming the problem (length, or the first bad character)
   */
  public static String require(String text) {
    String key = text == null ? "" : text.strip();
    if (key.length() != Z85_LENGTH) {
      throw new IllegalArgumentException(
          "a CURVE key is " + Z85_LENGTH + " Z85 characters, got " + key.length());
    }
    for (int i = 0; i < key.length(); i++) {
      if (Z85_ALPHABET.indexOf(key.charAt(i)) < 0) {
        throw new IllegalArgumentException(
            "a CURVE key is "
                + Z85_LENGTH
                + " Z85 characters; '"
                + key.charAt(i)
                + "' at position "
                + (i + 1)
                + " is not one");
      }
    }
    return key;
  }

  /** True when {@code text} is a Z85 CURVE key. */
  public static boolean isValid(String text) {
    try {
      require(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The 32 bytes of a checked Z85 key. */
  static byte[] bytes(String z85) {
    return ZMQ.Curve.z85Decode(require(z85));
  }
}
