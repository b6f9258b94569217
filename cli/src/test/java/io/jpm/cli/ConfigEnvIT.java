package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.SpawnedProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `jpm`, a real agent and a real process: an app started from a YAML file sees the file's
 * env and the starting shell's; a restart with a changed file or `--env` applies the change (a
 * removed variable is gone), which is pm2's --update-env trap avoided.
 */
class ConfigEnvIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final SpawnedProcesses processes = new SpawnedProcesses();
  private final List<Long> groups = new ArrayList<>();
  private DistRunner jpm;
  private Path out;

  @BeforeEach
  void setUp() throws IOException {
    jpm = new DistRunner(tmp.resolve("home"), DistRunner.SHARED_CACHE, processes);
    out = Files.createDirectories(tmp.resolve("out"));
    // Writes its environment to out/env.<pid> (atomically), then sleeps as the same pid.
    Files.writeString(
        tmp.resolve("printenv.sh"),
        "env > \"$OUT/env.$$.tmp\" && mv \"$OUT/env.$$.tmp\" \"$OUT/env.$$\"\nexec sleep 300\n");
  }

  @AfterEach
  void cleanUp() throws Exception {
    jpm.jpm("kill");
    for (long pgid : groups) {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor();
    }
    processes.close();
  }

  private void writeConfig(String env) throws IOException {
    Files.writeString(
        tmp.resolve("app.yaml"),
        "apps:\n"
            + "  - name: envy\n"
            + "    script: printenv.sh\n"
            + "    env:\n"
            + "      OUT: "
            + out
            + "\n"
            + env);
  }

  private Result run(Map<String, String> shell, String... args) throws Exception {
    Result r = jpm.run(DistRunner.DIST.resolve("bin/jpm"), shell, args);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  /** The environment the app's current process started with. */
  private Map<String, String> appEnv() throws Exception {
    JsonNode rows = JSON.readTree(jpm.jpm("jlist").out());
    long pid = rows.get(0).get("pid").asLong();
    groups.add(pid);
    Path file = out.resolve("env." + pid);
    Await.until("env of pid " + pid, WAIT, () -> Files.exists(file));
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  @Test
  void restartWithChangedFileThenEnv_appliesTheNewEnvironment() throws Exception {
    writeConfig("      A: \"1\"\n      B: \"2\"\n");
    run(Map.of("SHELL_VAR", "first"), "start", tmp.resolve("app.yaml").toString());
    Map<String, String> first = appEnv();
    assertThat(first).containsEntry("A", "1").containsEntry("B", "2");
    assertThat(first).containsEntry("SHELL_VAR", "first").containsEntry("JPM_APP_NAME", "envy");

    writeConfig("      A: \"3\"\n");
    Result restart =
        run(Map.of("SHELL_VAR", "second"), "restart", tmp.resolve("app.yaml").toString());
    Map<String, String> second = appEnv();

    assertThat(restart.err()).contains("app 'envy' exists: restarting it");
    assertThat(second).containsEntry("A", "3").doesNotContainKey("B");
    assertThat(second).containsEntry("SHELL_VAR", "second");

    run(Map.of("SHELL_VAR", "third"), "restart", "envy", "--env", "C=4");
    Map<String, String> third = appEnv();

    assertThat(third).containsEntry("A", "3").containsEntry("C", "4").doesNotContainKey("B");
    assertThat(third).containsEntry("SHELL_VAR", "third");

    String describe = run(Map.of(), "describe", "envy").out();
    assertThat(describe).contains("variables from the starting shell (values hidden)");
    assertThat(describe).doesNotContain("SHELL_VAR").doesNotContain("third");
  }

  @Test
  void startOfAnInvalidFile_startsNothing() throws Exception {
    writeConfig("      A: \"1\"\n    instances: lots\n");

    Result start =
        jpm.run(
            DistRunner.DIST.resolve("bin/jpm"),
            Map.of(),
            "start",
            tmp.resolve("app.yaml").toString());

    assertThat(start.exitCode()).isEqualTo(1);
    assertThat(start.err()).contains("app 'envy': key 'instances': must be a number or \"max\"");
    assertThat(start.err()).doesNotContain("spawning agent");
    assertThat(Files.exists(tmp.resolve("home"))).as("no agent was even spawned").isFalse();
  }
}
