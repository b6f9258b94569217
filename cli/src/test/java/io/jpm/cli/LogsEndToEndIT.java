package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.SpawnedProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built `jpm` with a real agent: logs (tail and follow), send and flush. */
class LogsEndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tmp;
  private final SpawnedProcesses processes = new SpawnedProcesses();
  private final List<Long> groups = new ArrayList<>();
  private DistRunner jpm;

  @AfterEach
  void cleanUp() throws Exception {
    if (jpm != null) {
      jpm.jpm("kill");
    }
    for (long pgid : groups) {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor();
    }
    processes.close();
  }

  @Test
  void logsSendAndFlush_againstARealAgent() throws Exception {
    jpm = new DistRunner(tmp.resolve("home"), DistRunner.SHARED_CACHE, processes);
    String app = "echo ready; echo warn >&2; while read l; do echo \"got $l\"; done";
    Result start =
        jpm.jpm("start", "--name", "echo", "--log-date-format", "[T]", "--", "sh", "-c", app);
    assertThat(start.exitCode()).as(start.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(jpm.jpm("jlist").out());
    groups.add(rows.get(0).get("pid").asLong());
    Path out = tmp.resolve("home/logs/echo-out-0.log");
    Await.until("first line logged", WAIT, () -> read(out).contains("T: ready"));

    Result tail = jpm.jpm("logs", "echo", "--nostream", "--lines", "5");
    Result errOnly = jpm.jpm("logs", "echo", "--nostream", "--err", "--raw");

    assertThat(tail.exitCode()).as(tail.err()).isZero();
    assertThat(tail.out().lines()).contains("0|echo[0] | T: ready", "0|echo[0] err | T: warn");
    assertThat(errOnly.out().lines()).containsExactly("T: warn");

    List<String> followed = follow("logs", "echo", "--lines", "0");
    Await.until(
        "a sent line shown live",
        WAIT,
        () -> {
          Result send = run("send", "echo", "hello");
          assertThat(send.exitCode()).as(send.err()).isZero();
          return followed.contains("0|echo[0] | got hello");
        });
    assertThat(read(out)).contains("T: got hello");

    Result flush = jpm.jpm("flush", "echo");
    assertThat(flush.exitCode()).as(flush.err()).isZero();
    assertThat(flush.out()).isEqualTo("flushed echo[0] (id 0)\n");
    assertThat(Files.size(out)).isZero();
    assertThat(run("send", "echo", "again").exitCode()).isZero();
    Await.until("line after the flush", WAIT, () -> read(out).equals("T: got again\n"));
  }

  private Result run(String... args) {
    try {
      return jpm.jpm(args);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Starts a long-running jpm command; its stdout lines are collected as they come. */
  private List<String> follow(String... args) throws IOException {
    Process p =
        processes.track(jpm.command(DistRunner.DIST.resolve("bin/jpm"), Map.of(), args).start());
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                  lines.add(l);
                }
              } catch (IOException e) {
                // the process was killed at the end of the test
              }
            });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
