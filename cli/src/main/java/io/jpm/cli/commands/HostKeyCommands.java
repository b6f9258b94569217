package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.KeyFiles;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The `jpm keys` subcommands for agents that announced themselves to the controller of this
 * JPM_HOME (docs/fleet.md, enrollment): list them, accept them (the controller then connects within
 * a second) or reject them. They work on the files of {@link KeyFiles}, so no controller needs to
 * run.
 */
final class HostKeyCommands {
  private HostKeyCommands() {}

  private static KeyFiles files(KeysCommand keys) {
    return new KeyFiles(keys.home().resolve("keys"));
  }

  /** `jpm keys pending`: announced hosts waiting for acceptance, then the accepted ones. */
  @Command(
      name = "pending",
      description =
          "Lists the agents that announced themselves to this home's controller: pending ones"
              + " (accept with `jpm keys accept HOST`) and accepted ones.")
  static final class Pending extends KeysCommand.Subcommand {
    @Override
    int execute() {
      KeyFiles files = files(keys);
      keys.stdout().printf("%-20s %-9s %-30s %s%n", "HOST", "STATE", "ENDPOINT", "KEY");
      print("pending", files.pending());
      print("accepted", files.accepted());
      return ExitCodes.OK;
    }

    private void print(String state, List<HostEntry> hosts) {
      for (HostEntry h : hosts) {
        keys.stdout().printf("%-20s %-9s %-30s %s%n", h.name(), state, h.endpoint(), h.publicKey());
      }
    }
  }

  /** `jpm keys accept HOST|--all`. */
  @Command(
      name = "accept",
      description =
          "Accepts pending agents: this home's controller connects to them (within a second).")
  static final class Accept extends KeysCommand.Subcommand {
    /** One host or all of them. */
    static final class Which {
      @Parameters(paramLabel = "HOST", description = "The pending host to accept.")
      String host;

      @Option(names = "--all", description = "Accept every pending host.")
      boolean all;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Override
    int execute() throws IOException {
      KeyFiles files = files(keys);
      List<String> hosts =
          which.all ? files.pending().stream().map(HostEntry::name).toList() : List.of(which.host);
      if (which.all && hosts.isEmpty()) {
        keys.stdout().println("no pending hosts");
      }
      for (String host : hosts) {
        accept(files, host);
      }
      return ExitCodes.OK;
    }

    private void accept(KeyFiles files, String host) throws IOException {
      try {
        files.accept(host);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, e.getMessage() + "; see `jpm keys pending`");
      }
      keys.stdout().println("accepted " + host);
    }
  }

  /** `jpm keys reject HOST`. */
  @Command(name = "reject", description = "Deletes a pending agent's announcement.")
  static final class Reject extends KeysCommand.Subcommand {
    @Parameters(paramLabel = "HOST", description = "The pending host to reject.")
    String host;

    @Override
    int execute() throws IOException {
      try {
        files(keys).reject(host);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(ExitCodes.USAGE, e.getMessage() + "; see `jpm keys pending`");
      }
      keys.stdout().println("rejected " + host);
      return ExitCodes.OK;
    }
  }
}
