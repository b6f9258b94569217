package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the supervision domain free of ZeroMQ, protobuf, wire types and Micrometer (style §8.3),
 * and Micrometer inside io.jpm.agent.monitoring.
 */
class DomainBoundaryTest {
  private static final Path DOMAIN = Path.of("src/main/java/io/jpm/agent/supervision");
  private static final List<String> FORBIDDEN =
      List.of(
          "org.zeromq.",
          "zmq.",
          "com.google.protobuf.",
          "io.jpm.messages.",
          "io.jpm.agent.transport.",
          "io.micrometer.",
          "io.prometheus.");
  private static final Path AGENT = Path.of("src/main/java/io/jpm/agent");
  private static final Path MONITORING = AGENT.resolve("monitoring");

  @Test
  void supervisionSources_imports_nameNoTransportPackage() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(DOMAIN)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    List<String> violations = new ArrayList<>();
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        if (isForbiddenImport(line)) {
          violations.add(DOMAIN.relativize(source) + ": " + line.trim());
        }
      }
    }

    assertThat(sources).as("domain sources found under " + DOMAIN).hasSizeGreaterThan(10);
    assertThat(violations).isEmpty();
  }

  @Test
  void agentSources_outsideMonitoring_importNoMicrometer() throws IOException {
    List<String> violations = new ArrayList<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(AGENT)) {
      sources =
          files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(MONITORING)).toList();
    }
    for (Path source : sources) {
      for (String line : Files.readAllLines(source)) {
        String s = line.trim();
        if (s.startsWith("import ")
            && (s.contains(" io.micrometer.") || s.contains(" io.prometheus."))) {
          violations.add(AGENT.relativize(source) + ": " + s);
        }
      }
    }

    assertThat(sources).as("agent sources found under " + AGENT).hasSizeGreaterThan(50);
    assertThat(violations).isEmpty();
  }

  @Test
  void isForbiddenImport_transportImports_areCaught() {
    assertThat(isForbiddenImport("import org.zeromq.ZMQ;")).isTrue();
    assertThat(isForbiddenImport("import static com.google.protobuf.ByteString.copyFrom;"))
        .isTrue();
    assertThat(isForbiddenImport("  import io.jpm.messages.v1.Reply;")).isTrue();
    assertThat(isForbiddenImport("import io.micrometer.core.instrument.Gauge;")).isTrue();
    assertThat(isForbiddenImport("import java.util.List;")).isFalse();
    assertThat(isForbiddenImport("// mentions org.zeromq. in a comment")).isFalse();
  }

  private static boolean isForbiddenImport(String line) {
    String s = line.trim();
    if (!s.startsWith("import ")) {
      return false;
    }
    String name = s.substring("import ".length()).trim();
    if (name.startsWith("static ")) {
      name = name.substring("static ".length()).trim();
    }
    String imported = name;
    return FORBIDDEN.stream().anyMatch(imported::startsWith);
  }
}
