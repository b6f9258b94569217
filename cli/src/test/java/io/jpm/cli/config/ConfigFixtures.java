package io.jpm.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Writes config files into a test's directory and loads them. */
final class ConfigFixtures {
  /** A node that does not exist: YAML and JSON tests never run node. */
  static final NodeEvaluator NO_NODE =
      new NodeEvaluator("/nonexistent/jpm-test/node", Duration.ofSeconds(5));

  private final Path dir;

  ConfigFixtures(Path dir) {
    this.dir = dir;
  }

  /** Writes {@code text} to {@code name} (parent directories created) and returns its path. */
  Path write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates an (empty) script file and returns its path. */
  Path script(String name) {
    return write(name, "#!/bin/sh\n");
  }

  /** Loads {@code name} with no profile. */
  Ecosystem load(String name) {
    return load(name, Ecosystem.Selection.none());
  }

  /** Loads {@code name} with a selection. */
  Ecosystem load(String name, Ecosystem.Selection selection) {
    return Ecosystem.load(dir.resolve(name), name, selection, NO_NODE);
  }

  /** Writes {@code yaml} to app.yaml and loads it. */
  Ecosystem yaml(String yaml) {
    write("app.yaml", yaml);
    return load("app.yaml");
  }

  /** Selection of a profile. */
  static Ecosystem.Selection profile(String name) {
    return new Ecosystem.Selection(name, Map.of());
  }
}
