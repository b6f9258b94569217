package io.jpm.cli.commands;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** A subcommand that acts on one or more targets: ids, app names, namespaces or "all". */
public abstract class TargetCommand extends JpmCommand {
  private List<String> targets = new ArrayList<>();

  @Override
  protected void describe(CommandSpec spec) {
    spec.addPositional(
        Options.parameters(String.class, "1..*", () -> targets, v -> targets = v)
            .paramLabel("TARGET")
            .description("Instance id, app name, namespace, or all.")
            .build());
  }

  /** The targets as typed. */
  protected final List<String> targets() {
    return targets;
  }
}
