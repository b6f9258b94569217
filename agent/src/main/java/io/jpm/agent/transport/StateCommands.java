package io.jpm.agent.transport;

import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.InstanceSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's side of `save`, `resurrect` and `handover`, which need its state files: implemented
 * by the persistence ({@code io.jpm.agent.persist.StateKeeper}). Every method returns at once; the
 * work runs on the persistence's own thread and the supervisor loop.
 */
public interface StateCommands {

  /**
   * Where `save` wrote the process list.
   *
   * @param path the dump file
   * @param apps how many apps it holds
   */
  record Saved(Path path, int apps) {}

  /** Writes the current process list to the dump file. */
  CompletableFuture<Saved> save();

  /** Adds the saved apps this agent lacks; completes with their instances. */
  CompletableFuture<List<InstanceSnapshot>> resurrect();

  /**
   * Persists the state for a successor and freezes supervision; once the reply has been sent the
   * agent exits without stopping apps (see ControlServer's afterKill).
   */
  CompletableFuture<Void> handover();

  /** For agents without persistence (tests): every command fails with a clear message. */
  static StateCommands unsupported() {
    return new StateCommands() {
      @Override
      public CompletableFuture<Saved> save() {
        return refused("save");
      }

      @Override
      public CompletableFuture<List<InstanceSnapshot>> resurrect() {
        return refused("resurrect");
      }

      @Override
      public CompletableFuture<Void> handover() {
        return refused("handover");
      }

      private <T> CompletableFuture<T> refused(String command) {
        return CompletableFuture.failedFuture(
            new CommandException(
                CommandException.Failure.INVALID_ARGUMENT,
                "this agent does not keep state files; '" + command + "' is not available"));
      }
    };
  }
}
