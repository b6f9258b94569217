package io.jpm.cli;

import io.jpm.agent.Version;
import io.jpm.cli.commands.AgentCommand;
import io.jpm.cli.commands.Converters;
import io.jpm.cli.commands.DeleteCommand;
import io.jpm.cli.commands.DescribeCommand;
import io.jpm.cli.commands.EventsCommand;
import io.jpm.cli.commands.JlistCommand;
import io.jpm.cli.commands.KillCommand;
import io.jpm.cli.commands.ListCommand;
import io.jpm.cli.commands.PingCommand;
import io.jpm.cli.commands.ResetCommand;
import io.jpm.cli.commands.RestartCommand;
import io.jpm.cli.commands.ScaleCommand;
import io.jpm.cli.commands.SignalCommand;
import io.jpm.cli.commands.StartCommand;
import io.jpm.cli.commands.StopCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root of the `jpm` command line: global options and the list of subcommands. */
@Command(
    name = "jpm",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Jpm.VersionProvider.class,
    description =
        "A process manager in the spirit of pm2. Starts, supervises and inspects processes"
            + " through a per-user agent, which any command that needs it spawns when none runs."
            + " JPM_HOME (default ~/.jpm) holds the agent's state, logs and sockets.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:the operation failed (the reason is printed on stderr)",
      "2:usage error",
      "3:rejected in the instance's current state",
      "4:agent unreachable, did not start, or timed out"
    },
    subcommands = {
      StartCommand.class,
      StopCommand.class,
      RestartCommand.class,
      DeleteCommand.class,
      ListCommand.class,
      JlistCommand.class,
      DescribeCommand.class,
      ScaleCommand.class,
      SignalCommand.class,
      ResetCommand.class,
      PingCommand.class,
      KillCommand.class,
      AgentCommand.class,
      EventsCommand.class,
    })
public final class Jpm implements Runnable {
  private final CliContext context;

  @Spec private CommandSpec spec;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DUR",
      converter = Converters.PositiveDuration.class,
      description =
          "How long to wait for the agent's reply (e.g. 500ms, 3s, 1m). Default: 60s for"
              + " start, stop, restart, delete and kill; 5s otherwise.")
  private Duration timeout;

  /** The root command for the given world. */
  public Jpm(CliContext context) {
    this.context = context;
  }

  /** The world this invocation runs in. */
  public CliContext context() {
    return context;
  }

  /** The --timeout given by the user, or null. */
  public Duration timeout() {
    return timeout;
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Runs jpm with the process's streams and environment. */
  public static void main(String[] args) {
    // UTF-8 regardless of the locale: JSON output must be UTF-8, and the table uses "↺".
    PrintWriter out = utf8Writer(FileDescriptor.out);
    PrintWriter err = utf8Writer(FileDescriptor.err);
    int code =
        commandLine(CliContext.of(System.getenv(), err)).setOut(out).setErr(err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The command line for {@code context}: the root command, with usage errors reported in two lines
   * (picocli's message, then where to find help) rather than the whole help text.
   */
  public static CommandLine commandLine(CliContext context) {
    return new CommandLine(new Jpm(context)).setParameterExceptionHandler(Jpm::usageError);
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("jpm: " + e.getMessage());
    UnmatchedArgumentException.printSuggestions(e, err);
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return command.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static PrintWriter utf8Writer(FileDescriptor fd) {
    return new PrintWriter(
        new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
  }

  /** Prints "jpm VERSION (protocol N)". */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"jpm " + Version.software() + " (protocol " + Version.PROTOCOL + ")"};
    }
  }
}
