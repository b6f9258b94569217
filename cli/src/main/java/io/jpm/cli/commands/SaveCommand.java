package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.output.ReplySummary;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SaveReply;
import io.jpm.messages.v1.SaveRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm save`: writes the process list for `jpm resurrect` (pm2 `save`). */
public final class SaveCommand extends JpmCommand {
  private boolean force;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Saves the agent's process list (every app with its spec and environment, and whether"
                + " each instance runs) to JPM_HOME/dump.pb, owner-only, for `jpm resurrect`."
                + " Refuses to replace a saved list with an empty one unless --force (pm2 users"
                + " lost their dumps that way).");
    spec.addOption(
        Options.flag(() -> force, v -> force = v, "--force")
            .description("Save even when the agent has no app.")
            .build());
  }

  @Override
  protected int execute() {
    Path dump = context().paths().dumpFile();
    if (!force && Files.exists(dump)) {
      Request list = Request.newBuilder().setList(ListRequest.getDefaultInstance()).build();
      if (call("save", list, Reply.ResultCase.PROCESSES).getProcesses().getProcessesCount() == 0) {
        throw CliFailure.failed(
            "save failed: the agent has no app; kept the list saved in "
                + dump
                + " (use --force to save an empty list)");
      }
    }
    Request save = Request.newBuilder().setSave(SaveRequest.getDefaultInstance()).build();
    SaveReply saved = call("save", save, Reply.ResultCase.SAVE).getSave();
    out()
        .println(
            "saved "
                + saved.getApps()
                + (saved.getApps() == 1 ? " app to " : " apps to ")
                + saved.getPath());
    return ExitCodes.OK;
  }

  /** Each host saves its own list (its JPM_HOME/dump.pb); there is no empty-list check remotely. */
  @Override
  protected int executeOnFleet() {
    Request save = Request.newBuilder().setSave(SaveRequest.getDefaultInstance()).build();
    return report("save", callFleet("save", save), ReplySummary::of);
  }
}
