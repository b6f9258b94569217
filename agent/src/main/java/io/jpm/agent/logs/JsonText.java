package io.jpm.agent.logs;

/** JSON string escaping for the few names jpm writes into JSON log lines. */
final class JsonText {
  private JsonText() {}

  /** {@code text} escaped for the inside of a JSON string. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
