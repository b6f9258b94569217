package io.jpm.agent.logs;

/** Which output stream of an instance. */
public enum LogStream {
  /** Standard output. */
  OUT("out"),
  /** Standard error. */
  ERR("err");

  private final String word;

  LogStream(String word) {
    this.word = word;
  }

  /** "out" or "err", as in topics and JSON lines. */
  public String word() {
    return word;
  }
}
