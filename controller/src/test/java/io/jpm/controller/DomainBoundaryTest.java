package io.jpm.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the fleet domain free of ZeroMQ, protobuf, wire types and Micrometer (style §8.3). */
class DomainBoundaryTest {
  private static final Path DOMAIN = Path.of("src/main/java/io/jpm/controller/fleet");
  private static final List<String> FORBIDDEN =
      List.of(
          "import org.zeromq.",
          "import zmq.",
          "import com.google.protobuf.",
          "import io.jpm.messages.",
          "import io.jpm.agent.transport.",
          "import io.jpm.controller.transport.",
          "import io.micrometer.");

  @Test
  void fleetSources_imports_nameNoTransportPackage() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(DOMAIN)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    List<String> violations = new ArrayList<>();
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        String s = line.trim();
        if (FORBIDDEN.stream().anyMatch(s::startsWith)) {
          violations.add(DOMAIN.relativize(source) + ": " + s);
        }
      }
    }

    assertThat(sources).as("domain sources found under " + DOMAIN).hasSizeGreaterThan(10);
    assertThat(violations).isEmpty();
  }
}
