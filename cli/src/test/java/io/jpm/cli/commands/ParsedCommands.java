package io.jpm.cli.commands;

import picocli.CommandLine;

/** Parses arguments into a command alone (no root), as picocli's populateCommand did. */
final class ParsedCommands {
  private ParsedCommands() {}

  /** {@code command} with {@code args} parsed into its fields. */
  static <T extends JpmCommand> T populate(T command, String... args) {
    new CommandLine(command.commandSpec(null)).parseArgs(args);
    return command;
  }
}
