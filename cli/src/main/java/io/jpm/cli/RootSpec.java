package io.jpm.cli;

import io.jpm.cli.commands.Converters;
import io.jpm.cli.commands.Options;
import io.jpm.cli.commands.Parallelism;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.ScopeType;

/**
 * The picocli model of the root command, built in code (see {@link Options}): usage text, exit
 * codes, and the options every subcommand inherits.
 */
final class RootSpec {
  private RootSpec() {}

  /** The model of {@code jpm}, bound to it. */
  static CommandSpec of(Jpm jpm) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(jpm);
    spec.name("jpm");
    spec.scopeType(ScopeType.INHERIT);
    spec.versionProvider(new Jpm.VersionProvider());
    spec.usageMessage()
        .description(
            "A process manager in the spirit of pm2. Starts, supervises and inspects processes"
                + " through a per-user agent, which any command that needs it spawns when none"
                + " runs. JPM_HOME (default ~/.jpm) holds the agent's state, logs and sockets.",
            "With --hosts, a command goes through a controller (jpm controller) to every matching"
                + " host and prints one line per host: ok, failed (with the agent's error), timed"
                + " out, not connected, or not touched (a rolling restart/reload stopped before"
                + " it).")
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(
            UsageMessageSpec.keyValuesMap(
                "0:ok",
                "1:the operation failed (the reason is printed on stderr); with --hosts: some"
                    + " targeted host did not succeed",
                "2:usage error",
                "3:rejected in the instance's current state",
                "4:agent unreachable, did not start, or timed out; with --hosts: no controller"
                    + " answered, or no targeted host did (each not connected or timed out)"));
    spec.addOption(
        Options.option(Duration.class, jpm::timeout, jpm::setTimeout, "--timeout")
            .scopeType(ScopeType.INHERIT)
            .paramLabel("DUR")
            .converters(new Converters.PositiveDuration())
            .description(
                "How long to wait for the agent's reply (e.g. 500ms, 3s, 1m). Default: 60s for"
                    + " start, stop, restart, reload, delete and kill; 5s otherwise.")
            .build());
    spec.addOption(
        Options.option(String.class, jpm::hosts, jpm::setHosts, "--hosts")
            .scopeType(ScopeType.INHERIT)
            .paramLabel("PATTERN")
            .description(
                "Run the command on the fleet's hosts that match, through the controller: a glob"
                    + " (web*), re:REGEX, a comma list (a,b) or label:KEY=VALUE. Never starts an"
                    + " agent. --timeout is then each host's timeout (default 60s).")
            .build());
    spec.addOption(
        Options.option(String.class, jpm::controller, jpm::setController, "--controller")
            .scopeType(ScopeType.INHERIT)
            .paramLabel("ENDPOINT")
            .description(
                "The controller for --hosts and jpm hosts: ipc://PATH or tcp://HOST:PORT#KEY (KEY:"
                    + " its public key, or JPM_CONTROLLER_KEY). Default: $JPM_CONTROLLER, else the"
                    + " local controller of JPM_HOME.")
            .build());
    spec.addOption(
        Options.option(Parallelism.class, jpm::parallel, jpm::setParallel, "--parallel")
            .scopeType(ScopeType.INHERIT)
            .paramLabel("N|N%")
            .converters(new Converters.ParallelismText())
            .description(
                "reload: instances replaced at a time (default 1). With --hosts: hosts per batch of"
                    + " a rolling restart or reload, N or N%% of the selected hosts (default 1).")
            .build());
    Options.addStandardHelp(spec);
    return spec;
  }
}
