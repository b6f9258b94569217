package io.jpm.cli.commands;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Parameters;

/** A subcommand that acts on one or more targets: ids, app names, namespaces or "all". */
public abstract class TargetCommand extends JpmCommand {
  @Parameters(
      arity = "1..*",
      paramLabel = "TARGET",
      description = "Instance id, app name, namespace, or all.")
  private List<String> targets = new ArrayList<>();

  /** The targets as typed. */
  protected final List<String> targets() {
    return targets;
  }
}
