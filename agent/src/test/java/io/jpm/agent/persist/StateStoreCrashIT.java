package io.jpm.agent.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.messages.v1.AgentState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real process rewriting a state file is SIGKILLed at arbitrary points: the file is never empty,
 * partial or corrupt, and holds the last completed write or the one under way.
 */
class StateStoreCrashIT {
  private static final int ROUNDS = 4;
  private static final int WRITES_BEFORE_KILL = 15;

  @TempDir Path dir;

  @Test
  void write_killedMidWriteManyTimes_fileIsAlwaysACompleteState() throws Exception {
    Path file = dir.resolve("state.pb");
    StateStore store = new StateStore(file, Clock.systemUTC());
    for (int round = 0; round < ROUNDS; round++) {
      int lastDone = writeThenKill(file);

      Optional<AgentState> after = store.read();

      assertThat(after).as("round %d", round).isPresent();
      int id = after.get().getNextId();
      assertThat(id).as("round %d", round).isBetween(lastDone, lastDone + 1);
      assertThat(after.get()).isEqualTo(RepeatedStateWrites.state(id));
      store.discardUnfinishedWrites();
      assertThat(dir.toFile().list()).containsExactly("state.pb");
    }
  }

  /** Runs the writer until it has finished some writes, SIGKILLs it, returns its last done id. */
  private static int writeThenKill(Path file) throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                RepeatedStateWrites.class.getName(),
                file.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      int done = 0;
      String line;
      while (done < WRITES_BEFORE_KILL && (line = out.readLine()) != null) {
        done = Integer.parseInt(line.trim());
      }
      assertThat(done).as("writes before the kill").isEqualTo(WRITES_BEFORE_KILL);
      // SIGKILL, wherever the writer is. Through the handle: Process.destroy* would also close
      // the stream we still read from.
      writer.toHandle().destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // Lines printed between our last read and the kill are writes that completed too.
      while ((line = out.readLine()) != null) {
        done = Integer.parseInt(line.trim());
      }
      return done;
    } finally {
      writer.destroyForcibly();
    }
  }
}
