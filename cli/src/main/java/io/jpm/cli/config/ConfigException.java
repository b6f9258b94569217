package io.jpm.cli.config;

import java.util.List;

/**
 * A config file that cannot be used: unreadable, malformed, or with invalid apps. Each problem is
 * one line that names the file, the app and the key ("app.yaml: app 'api': key 'instances': ...").
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  /** A failure with one or more problems, in file order. */
  public ConfigException(List<String> problems) {
    super(String.join("; ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs a problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** A failure with one problem. */
  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** Every problem, one line each. */
  public List<String> problems() {
    return problems;
  }
}
