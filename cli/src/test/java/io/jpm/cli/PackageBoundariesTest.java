package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The package rules of package-info.java, checked on the import lines of the sources. */
class PackageBoundariesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/jpm/cli");

  private static List<String> importsOf(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(
              f -> {
                try {
                  return Files.readAllLines(f).stream()
                      .filter(l -> l.startsWith("import "))
                      .map(l -> f.getFileName() + ": " + l);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "'', import org.zeromq",
    "commands, import org.zeromq",
    "output, import org.zeromq",
    "output, import picocli.CommandLine.Command",
    "client, import picocli",
    "client, import io.jpm.cli.output",
    "client, import io.jpm.cli.commands",
    "config, import org.zeromq",
    "config, import picocli",
    "config, import io.jpm.cli.client",
    "config, import io.jpm.cli.commands",
    "startup, import org.zeromq",
    "startup, import picocli",
    "startup, import io.jpm.messages",
    // The model is built in code: annotations make proxies at run time, which no AOT cache keeps.
    "'', import picocli.CommandLine.Command;",
    "'', import picocli.CommandLine.Option;",
    "'', import picocli.CommandLine.Parameters;",
    "'', import picocli.CommandLine.Mixin;",
    "'', import picocli.CommandLine.ArgGroup;",
    "'', import picocli.CommandLine.Spec;",
    "'', import picocli.CommandLine.ParentCommand;",
    "commands, import picocli.CommandLine.Command;",
    "commands, import picocli.CommandLine.Option;",
    "commands, import picocli.CommandLine.Parameters;",
    "commands, import picocli.CommandLine.Mixin;",
    "commands, import picocli.CommandLine.ArgGroup;",
    "commands, import picocli.CommandLine.Spec;",
    "commands, import picocli.CommandLine.ParentCommand;",
  })
  void sources_respectPackageRules(String pkg, String forbidden) throws IOException {
    Path dir = pkg.isEmpty() ? SOURCES : SOURCES.resolve(pkg);

    List<String> imports = importsOf(dir, false);

    assertThat(imports).isNotEmpty();
    assertThat(imports).noneMatch(line -> line.contains(forbidden));
  }
}
