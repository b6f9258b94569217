package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command's --help and a set of usage errors, against golden files in
 * src/test/resources/golden (run with JPM_GOLDEN_RECORD=1 in the environment to rewrite them).
 */
class HelpGoldenTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  private static final List<String> COMMANDS =
      List.of(
          "start",
          "stop",
          "restart",
          "reload",
          "delete",
          "del",
          "list",
          "ls",
          "jlist",
          "describe",
          "show",
          "scale",
          "signal",
          "sendSignal",
          "reset",
          "ping",
          "kill",
          "save",
          "resurrect",
          "update",
          "startup",
          "agent",
          "controller",
          "runtime",
          "dev",
          "events",
          "metrics",
          "monit",
          "logs",
          "flush",
          "send",
          "hosts",
          "keys",
          "keys show",
          "keys authorize",
          "keys revoke",
          "keys list",
          "keys pending",
          "keys accept",
          "keys reject");

  private static final List<String> ERRORS =
      List.of(
          "",
          "--version",
          "list --version",
          "--frob",
          "frobnicate",
          "stpo",
          "list --frob",
          "start --frob app.js",
          "--timeout soon list",
          "--timeout 0s list",
          "--timeout",
          "--parallel x reload web",
          "stop",
          "scale web",
          "scale",
          "signal",
          "signal FOO web",
          "send web",
          "start --name",
          "start --min-uptime soon app.js",
          "start --exp-backoff=0s app.js",
          "start -i zero app.js",
          "start --port 70000 app.js",
          "start --kill-signal FOO app.js",
          "start --balance x app.js",
          "start --ready foo app.js",
          "start --log-type xml app.js",
          "start --log-retain 5000 app.js",
          "start --max-memory lots app.js",
          "start --stop-exit-codes a app.js",
          "start --watch-delay x app.js",
          "runtime --raw --formatted app.js",
          "logs --err --out",
          "logs --lines x",
          "monit --interval 0s",
          "metrics a b",
          "agent --label foo",
          "agent --metrics-addr nowhere",
          "controller --metrics-addr nowhere",
          "hosts extra",
          "keys frob",
          "keys authorize KEY",
          "keys authorize",
          "keys accept",
          "keys accept web --all",
          "keys reject",
          "keys revoke");

  static Stream<String> helpCases() {
    List<String> cases = new ArrayList<>(List.of("--help", "-h"));
    COMMANDS.forEach(c -> cases.add(c + " --help"));
    return cases.stream();
  }

  static Stream<String> errorCases() {
    return ERRORS.stream();
  }

  @ParameterizedTest
  @MethodSource("helpCases")
  void help_matchesGoldenFile(String args) throws IOException {
    check(args);
  }

  @ParameterizedTest
  @MethodSource("errorCases")
  void usageError_matchesGoldenFile(String args) throws IOException {
    check(args);
  }

  private static void check(String line) throws IOException {
    String actual = run(line);
    Path file = GOLDEN.resolve(fileName(line));
    if (System.getenv("JPM_GOLDEN_RECORD") != null) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Runs as main does: only the named subcommand registered. */
  private static String run(String line) {
    String[] args = line.isEmpty() ? new String[0] : line.split(" ");
    FakeAgentConnector agent = new FakeAgentConnector(new FakeControlClient());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Jpm.commandLine(CliRun.context(agent, Path.of("/work")), args)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return "$ jpm " + line + "\nexit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }

  private static String fileName(String line) {
    String name = line.isEmpty() ? "no-args" : line.replaceAll("[^A-Za-z0-9.=-]+", "_");
    return name.replaceAll("^-+", "") + ".txt";
  }
}
