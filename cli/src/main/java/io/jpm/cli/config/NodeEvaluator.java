package io.jpm.cli.config;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates a JavaScript config (ecosystem.config.js, .cjs, .mjs) with node and returns what it
 * exports as JSON, as pm2 does with require(). The result travels through a temporary file, so
 * whatever the config prints cannot corrupt it; its stdout is dropped, its stderr is the user's.
 */
public final class NodeEvaluator {
  /** Env variable naming the node program, for machines where it is not on PATH as "node". */
  public static final String NODE_VARIABLE = "JPM_NODE";

  // import() loads CommonJS and ES modules alike; exit() ends configs that leave timers running.
  private static final String PROGRAM =
      "const fs = require('fs'), url = require('url');"
          + "const [file, out] = process.argv.slice(1);"
          + "import(url.pathToFileURL(file).href).then(m => {"
          + "  const c = m && m.default !== undefined ? m.default : m;"
          + "  fs.writeFileSync(out, 'OK\\n' + JSON.stringify(c === undefined ? null : c));"
          + "  process.exit(0);"
          + "}).catch(e => {"
          + "  const why = e && e.name && e.message !== undefined ? e.name + ': ' + e.message"
          + "      : String(e);"
          + "  fs.writeFileSync(out, 'ERROR\\n' + why);"
          + "  process.exit(1);"
          + "});";

  private final String node;
  private final Duration timeout;

  /**
   * An evaluator running {@code node} (a name on PATH or a path), waiting at most {@code timeout}.
   */
  public NodeEvaluator(String node, Duration timeout) {
    this.node = node;
    this.timeout = timeout;
  }

  /** The node named by JPM_NODE in {@code env}, else "node" from PATH; 30 s per file. */
  public static NodeEvaluator fromEnvironment(Map<String, String> env) {
    String configured = env.get(NODE_VARIABLE);
    return new NodeEvaluator(
        configured == null || configured.isBlank() ? "node" : configured, Duration.ofSeconds(30));
  }

  /**
   * The JSON text of what {@code file} exports.
   *
   * @param label the file as the user named it, for messages
   * @throws ConfigException when node is missing, the file throws, or node does not finish
   */
  public String evaluate(Path file, String label) {
    Path out = null;
    try {
      out = Files.createTempFile("jpm-config-", ".json");
      return run(file.toAbsolutePath(), out, label);
    } catch (IOException e) {
      throw new ConfigException(label + ": cannot evaluate it: " + e.getMessage());
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // A leftover temporary file is harmless; the config's outcome matters more.
        }
      }
    }
  }

  private String run(Path file, Path out, String label) throws IOException {
    Process p;
    try {
      p =
          new ProcessBuilder(List.of(node, "-e", PROGRAM, file.toString(), out.toString()))
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
    } catch (IOException e) {
      throw new ConfigException(
          label
              + ": a JavaScript config is evaluated with node, which could not be run ("
              + node
              + ": "
              + e.getMessage()
              + "); install Node.js, set "
              + NODE_VARIABLE
              + " to its path, or write the config as YAML or JSON");
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new ConfigException(
            label + ": node did not finish evaluating it within " + timeout.toSeconds() + "s");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ConfigException(label + ": interrupted while node evaluated it");
    }
    String result = Files.readString(out, StandardCharsets.UTF_8);
    if (result.startsWith("OK\n")) {
      return result.substring(3);
    }
    if (result.startsWith("ERROR\n")) {
      // The first line says what; the rest (node's require stack) is noise on a terminal.
      String why = result.substring(6).strip().lines().findFirst().orElse("unknown error");
      throw new ConfigException(label + ": evaluating it failed: " + why);
    }
    throw new ConfigException(
        label + ": node exited with code " + p.exitValue() + " and no result");
  }
}
