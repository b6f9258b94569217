package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.KeyFiles;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;

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
  static final class Pending extends KeysCommand.Subcommand {
    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage()
          .description(
              "Lists the agents that announced themselves to this home's controller: pending ones"
                  + " (accept with `jpm keys accept HOST`) and accepted ones.");
    }

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
  static final class Accept extends KeysCommand.Subcommand {
    // HOST or --all: exactly one (a group of multiplicity 1).
    String host;

    boolean all;

    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage()
          .description(
              "Accepts pending agents: this home's controller connects to them (within a"
                  + " second).");
      spec.addArgGroup(
          ArgGroupSpec.builder()
              .multiplicity("1")
              .addArg(
                  Options.parameter(String.class, "1", () -> host, v -> host = v)
                      .paramLabel("HOST")
                      .description("The pending host to accept.")
                      .build())
              .addArg(
                  Options.flag(() -> all, v -> all = v, "--all")
                      .description("Accept every pending host.")
                      .build())
              .build());
    }

    @Override
    int execute() throws IOException {
      KeyFiles files = files(keys);
      List<String> hosts =
          all ? files.pending().stream().map(HostEntry::name).toList() : List.of(host);
      if (all && hosts.isEmpty()) {
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
  static final class Reject extends KeysCommand.Subcommand {
    String host;

    @Override
    void describe(CommandSpec spec) {
      spec.usageMessage().description("Deletes a pending agent's announcement.");
      spec.addPositional(
          Options.parameter(String.class, "1", () -> host, v -> host = v)
              .paramLabel("HOST")
              .description("The pending host to reject.")
              .build());
    }

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
