package io.jpm.agent.persist;

import io.jpm.messages.v1.AgentState;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.SavedApp;
import io.jpm.messages.v1.SavedInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Fixture program for StateStoreCrashIT: rewrites a state file forever with next_id 1, 2, 3, ...
 * and prints each id once its write has returned, until it is killed.
 */
public final class RepeatedStateWrites {
  /** Apps per state: large enough that a SIGKILL often lands in the middle of a write. */
  static final int APPS = 400;

  private RepeatedStateWrites() {}

  /** The state with {@code nextId}: {@link #APPS} apps, each with one instance and an env. */
  static AgentState state(int nextId) {
    AgentState.Builder b =
        AgentState.newBuilder()
            .setFormat(StateStore.FORMAT)
            .setNextId(nextId)
            .setWrittenAtMs(1_767_225_600_000L + nextId);
    for (int i = 0; i < APPS; i++) {
      b.addApps(
          SavedApp.newBuilder()
              .setSpec(
                  AppSpec.newBuilder()
                      .setName("app-" + i)
                      .addCommand("sleep")
                      .addCommand("300")
                      .putEnv("PAYLOAD", "x".repeat(200) + nextId))
              .addInstances(SavedInstance.newBuilder().setId(i).setPid(10_000 + i)));
    }
    return b.build();
  }

  /** Writes to the file named by {@code args[0]} until killed. */
  public static void main(String[] args) throws IOException {
    StateStore store = new StateStore(Path.of(args[0]), Clock.systemUTC());
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (int id = 1; ; id++) {
      store.write(state(id));
      out.println(id);
    }
  }
}
