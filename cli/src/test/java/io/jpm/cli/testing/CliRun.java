package io.jpm.cli.testing;

import io.jpm.agent.AgentPaths;
import io.jpm.cli.CliContext;
import io.jpm.cli.Jpm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * One jpm invocation against fakes, with what it printed.
 *
 * @param exitCode the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exitCode, String out, String err) {

  /** The JPM_HOME of fake contexts. */
  public static final Path FAKE_HOME = Path.of("/fake/home");

  /** A context around {@code connector}, resolving relative paths against {@code workingDir}. */
  public static CliContext context(FakeAgentConnector connector, Path workingDir) {
    return new CliContext(
        new AgentPaths(FAKE_HOME),
        workingDir,
        connector,
        config -> {
          throw new AssertionError("no agent runs in unit tests");
        });
  }

  /** As {@link #context(FakeAgentConnector, Path)}, with {@code env} as the CLI's environment. */
  public static CliContext context(
      FakeAgentConnector connector, Path workingDir, Map<String, String> env) {
    CliContext plain = context(connector, workingDir);
    return new CliContext(
        plain.paths(), plain.workingDir(), plain.connector(), plain.agentRunner(), env);
  }

  /** A context with a fake agent and a fake controller (`--hosts`), in "/work". */
  public static CliContext context(
      FakeAgentConnector connector, FakeControllerConnector controller, Map<String, String> env) {
    CliContext plain = context(connector, Path.of("/work"));
    return new CliContext(
        plain.paths(), plain.workingDir(), plain.connector(), plain.agentRunner(), env, controller);
  }

  /** Runs {@code args} in {@code context}. */
  public static CliRun run(CliContext context, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Jpm.commandLine(context)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Runs {@code args} against {@code connector}, in the directory "/work". */
  public static CliRun run(FakeAgentConnector connector, String... args) {
    return run(context(connector, Path.of("/work")), args);
  }
}
