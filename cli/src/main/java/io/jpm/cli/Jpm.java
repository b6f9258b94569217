package io.jpm.cli;

import io.jpm.agent.Version;
import io.jpm.cli.client.MessageWarmup;
import io.jpm.cli.commands.AgentCommand;
import io.jpm.cli.commands.ControllerCommand;
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
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root of the `jpm` command line: global options and the list of subcommands. */
public final class Jpm implements Runnable {
  /** Every subcommand, in the order help lists them. */
  static final List<Subcommand> SUBCOMMANDS =
      List.of(
          new Subcommand("start", StartCommand::new),
          new Subcommand("stop", StopCommand::new),
          new Subcommand("restart", RestartCommand::new),
          new Subcommand("reload", ReloadCommand::new),
          new Subcommand("delete", DeleteCommand::new, "del"),
          new Subcommand("list", ListCommand::new, "ls"),
          new Subcommand("jlist", JlistCommand::new),
          new Subcommand("describe", DescribeCommand::new, "show"),
          new Subcommand("scale", ScaleCommand::new),
          new Subcommand("signal", SignalCommand::new, "sendSignal"),
          new Subcommand("reset", ResetCommand::new),
          new Subcommand("ping", PingCommand::new),
          new Subcommand("kill", KillCommand::new),
          new Subcommand("save", SaveCommand::new),
          new Subcommand("resurrect", ResurrectCommand::new),
          new Subcommand("update", UpdateCommand::new),
          new Subcommand("startup", StartupCommand::new),
          new Subcommand("agent", AgentCommand::new),
          new Subcommand("controller", ControllerCommand::new),
          new Subcommand("runtime", RuntimeCommand::new),
          new Subcommand("dev", DevCommand::new),
          new Subcommand("events", EventsCommand::new),
          new Subcommand("metrics", MetricsCommand::new),
          new Subcommand("monit", MonitCommand::new),
          new Subcommand("logs", LogsCommand::new),
          new Subcommand("flush", FlushCommand::new),
          new Subcommand("send", SendCommand::new),
          new Subcommand("hosts", HostsCommand::new),
          new Subcommand("keys", KeysCommand::new));

  /** Root options that take a value (as the next argument or after =). */
  private static final Set<String> VALUED_OPTIONS =
      Set.of("--timeout", "--hosts", "--controller", "--parallel");

  /** Commands that stay up (and run no one-shot client): no warm-up for them. */
  private static final Set<String> LONG_RUNNING = Set.of("agent", "controller", "runtime", "dev");

  private final CliContext context;

  private CommandSpec spec;

  private Duration timeout;

  private String hosts;

  private String controller;

  private Parallelism parallel;

  /** The root command for the given world. */
  public Jpm(CliContext context) {
    this.context = context;
  }

  /** The root's picocli model, bound to this instance (see {@link RootSpec}). */
  private CommandSpec commandSpec() {
    spec = RootSpec.of(this);
    return spec;
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

  void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  void setHosts(String hosts) {
    this.hosts = hosts;
  }

  void setController(String controller) {
    this.controller = controller;
  }

  void setParallel(Parallelism parallel) {
    this.parallel = parallel;
  }

  /** Without a subcommand there is nothing to do: a usage error. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** Runs jpm with the process's streams and environment. */
  public static void main(String[] args) {
    if (!LONG_RUNNING.contains(String.valueOf(subcommandName(args)))) {
      MessageWarmup.start();
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
   * args} name a subcommand, only that one is registered: the model of every registered command is
   * built up front, in code ({@link RootSpec}, each command's {@link JpmCommand#commandSpec}); help
   * and unknown commands still get all of them, {@code --version} alone none.
   */
  public static CommandLine commandLine(CliContext context, String[] args) {
    Jpm root = new Jpm(context);
    CommandLine line =
        new CommandLine(root.commandSpec()).setParameterExceptionHandler(Jpm::usageError);
    String chosen = subcommandName(args);
    boolean known = SUBCOMMANDS.stream().anyMatch(c -> c.names().contains(chosen));
    // `jpm --version` alone prints the version whatever the subcommands: build none.
    boolean versionOnly = args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"));
    for (Subcommand subcommand : SUBCOMMANDS) {
      if (!versionOnly && (!known || subcommand.names().contains(chosen))) {
        line.addSubcommand(
            subcommand.name(),
            subcommand.command().get().commandSpec(root),
            subcommand.aliases().toArray(new String[0]));
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

  /**
   * A subcommand as the root lists it: its names, and how to make a new one (whose model is built
   * only when the command line needs it).
   */
  record Subcommand(String name, Supplier<JpmCommand> command, List<String> aliases) {
    Subcommand(String name, Supplier<JpmCommand> command, String... aliases) {
      this(name, command, List.of(aliases));
    }

    /** The name and the aliases. */
    List<String> names() {
      List<String> names = new ArrayList<>(aliases);
      names.add(name);
      return names;
    }
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
