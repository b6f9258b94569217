package io.jpm.cli;

import io.jpm.agent.Version;
import io.jpm.cli.client.ClientContexts;
import io.jpm.cli.commands.AgentCommand;
import io.jpm.cli.commands.ControllerCommand;
import io.jpm.cli.commands.Converters;
import io.jpm.cli.commands.DeleteCommand;
import io.jpm.cli.commands.DescribeCommand;
import io.jpm.cli.commands.DevCommand;
import io.jpm.cli.commands.EventsCommand;
import io.jpm.cli.commands.FlushCommand;
import io.jpm.cli.commands.HostsCommand;
import io.jpm.cli.commands.JlistCommand;
import io.jpm.cli.commands.JpmCommand;
import io.jpm.cli.commands.KeysCommand;
import io.jpm.cli.commands.KillCommand;
import io.jpm.cli.commands.ListCommand;
import io.jpm.cli.commands.LogsCommand;
import io.jpm.cli.commands.MetricsCommand;
import io.jpm.cli.commands.MonitCommand;
import io.jpm.cli.commands.Parallelism;
import io.jpm.cli.commands.PingCommand;
import io.jpm.cli.commands.ReloadCommand;
import io.jpm.cli.commands.ResetCommand;
import io.jpm.cli.commands.RestartCommand;
import io.jpm.cli.commands.ResurrectCommand;
import io.jpm.cli.commands.RuntimeCommand;
import io.jpm.cli.commands.SaveCommand;
import io.jpm.cli.commands.ScaleCommand;
import io.jpm.cli.commands.SendCommand;
import io.jpm.cli.commands.SignalCommand;
import io.jpm.cli.commands.StartCommand;
import io.jpm.cli.commands.StartupCommand;
import io.jpm.cli.commands.StopCommand;
import io.jpm.cli.commands.UpdateCommand;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    description = {
      "A process manager in the spirit of pm2. Starts, supervises and inspects processes"
          + " through a per-user agent, which any command that needs it spawns when none runs."
          + " JPM_HOME (default ~/.jpm) holds the agent's state, logs and sockets.",
      "With --hosts, a command goes through a controller (jpm controller) to every matching"
          + " host and prints one line per host: ok, failed (with the agent's error), timed out,"
          + " not connected, or not touched (a rolling restart/reload stopped before it).",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok",
      "1:the operation failed (the reason is printed on stderr); with --hosts: some targeted"
          + " host did not succeed",
      "2:usage error",
      "3:rejected in the instance's current state",
      "4:agent unreachable, did not start, or timed out; with --hosts: no controller answered,"
          + " or no targeted host did (each not connected or timed out)"
    })
public final class Jpm implements Runnable {
  /** Every subcommand, in the order help lists them. */
  static final List<Class<? extends JpmCommand>> SUBCOMMANDS =
      List.of(
          StartCommand.class,
          StopCommand.class,
          RestartCommand.class,
          ReloadCommand.class,
          DeleteCommand.class,
          ListCommand.class,
          JlistCommand.class,
          DescribeCommand.class,
          ScaleCommand.class,
          SignalCommand.class,
          ResetCommand.class,
          PingCommand.class,
          KillCommand.class,
          SaveCommand.class,
          ResurrectCommand.class,
          UpdateCommand.class,
          StartupCommand.class,
          AgentCommand.class,
          ControllerCommand.class,
          RuntimeCommand.class,
          DevCommand.class,
          EventsCommand.class,
          MetricsCommand.class,
          MonitCommand.class,
          LogsCommand.class,
          FlushCommand.class,
          SendCommand.class,
          HostsCommand.class,
          KeysCommand.class);

  /** Root options that take a value (as the next argument or after =). */
  private static final Set<String> VALUED_OPTIONS =
      Set.of("--timeout", "--hosts", "--controller", "--parallel");

  /** Commands that stay up (and run no one-shot client): nothing is prestarted for them. */
  private static final Set<String> LONG_RUNNING = Set.of("agent", "controller", "runtime", "dev");

  private final CliContext context;

  @Spec private CommandSpec spec;

  @Option(
      names = "--timeout",
      scope = ScopeType.INHERIT,
      paramLabel = "DUR",
      converter = Converters.PositiveDuration.class,
      description =
          "How long to wait for the agent's reply (e.g. 500ms, 3s, 1m). Default: 60s for"
              + " start, stop, restart, reload, delete and kill; 5s otherwise.")
  private Duration timeout;

  @Option(
      names = "--hosts",
      scope = ScopeType.INHERIT,
      paramLabel = "PATTERN",
      description =
          "Run the command on the fleet's hosts that match, through the controller: a glob"
              + " (web*), re:REGEX, a comma list (a,b) or label:KEY=VALUE. Never starts an"
              + " agent. --timeout is then each host's timeout (default 60s).")
  private String hosts;

  @Option(
      names = "--controller",
      scope = ScopeType.INHERIT,
      paramLabel = "ENDPOINT",
      description =
          "The controller for --hosts and jpm hosts: ipc://PATH or tcp://HOST:PORT#KEY (KEY: its"
              + " public key, or JPM_CONTROLLER_KEY). Default: $JPM_CONTROLLER, else the local"
              + " controller of JPM_HOME.")
  private String controller;

  @Option(
      names = "--parallel",
      scope = ScopeType.INHERIT,
      paramLabel = "N|N%",
      converter = Converters.ParallelismText.class,
      description =
          "reload: instances replaced at a time (default 1). With --hosts: hosts per batch of a"
              + " rolling restart or reload, N or N% of the selected hosts (default 1).")
  private Parallelism parallel;

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

  /** The --hosts pattern, or null when the command is for the local agent. */
  public String hosts() {
    return hosts;
  }

  /** The --controller endpoint, or null. */
  public String controller() {
    return controller;
  }

  /** The --parallel value, or null. */
  public Parallelism parallel() {
    return parallel;
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Runs jpm with the process's streams and environment. */
  public static void main(String[] args) {
    if (!LONG_RUNNING.contains(String.valueOf(subcommandName(args)))) {
      ClientContexts.prestart();
    }
    // UTF-8 regardless of the locale: JSON output must be UTF-8, and the table uses "↺".
    PrintWriter out = utf8Writer(FileDescriptor.out);
    PrintWriter err = utf8Writer(FileDescriptor.err);
    int code =
        commandLine(CliContext.of(System.getenv(), err), args)
            .setOut(out)
            .setErr(err)
            .execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The command line for {@code context} with every subcommand: the root command, with usage errors
   * reported in two lines (picocli's message, then where to find help) rather than the whole help
   * text.
   */
  public static CommandLine commandLine(CliContext context) {
    return commandLine(context, new String[0]);
  }

  /**
   * The command line to run {@code args}: as {@link #commandLine(CliContext)}, but when {@code
   * args} name a subcommand, only that one is registered. picocli builds the model of every
   * registered command up front by reflection, which for all of them costs about 0.1 s of a CLI run
   * that otherwise takes 0.2-0.3 s; help and unknown commands still get all of them.
   */
  public static CommandLine commandLine(CliContext context, String[] args) {
    CommandLine line =
        new CommandLine(new Jpm(context)).setParameterExceptionHandler(Jpm::usageError);
    String chosen = subcommandName(args);
    boolean known = SUBCOMMANDS.stream().anyMatch(c -> names(c).contains(chosen));
    for (Class<? extends JpmCommand> subcommand : SUBCOMMANDS) {
      if (!known || names(subcommand).contains(chosen)) {
        line.addSubcommand(subcommand);
      }
    }
    return line;
  }

  /** The first argument that is not a root option, or null when there is none. */
  private static String subcommandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      if (VALUED_OPTIONS.contains(arg)) {
        i++;
      } else if (!arg.startsWith("-")) {
        return arg;
      } else if (equals < 0 || !VALUED_OPTIONS.contains(arg.substring(0, equals))) {
        return null;
      }
    }
    return null;
  }

  private static List<String> names(Class<?> subcommand) {
    Command command = subcommand.getAnnotation(Command.class);
    List<String> names = new ArrayList<>(List.of(command.aliases()));
    names.add(command.name());
    return names;
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
