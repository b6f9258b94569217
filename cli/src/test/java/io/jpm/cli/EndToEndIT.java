package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built `jpm` driving a real, auto-spawned agent and real processes, as a user would. */
class EndToEndIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private JpmHomes homes;

  @BeforeEach
  void homes() {
    homes = new JpmHomes(tmp);
  }

  @AfterEach
  void cleanUp() throws Exception {
    homes.close();
  }

  private DistRunner home(String name) {
    return homes.home(name);
  }

  private static JsonNode jlist(DistRunner jpm) throws Exception {
    return JpmHomes.jlist(jpm);
  }

  private List<Long> pids(DistRunner jpm) throws Exception {
    List<Long> out = new ArrayList<>();
    for (JsonNode row : jlist(jpm)) {
      if (!row.get("pid").isNull()) {
        out.add(row.get("pid").asLong());
      }
    }
    out.forEach(homes::killGroupAfter);
    return out;
  }

  /** Live (non-zombie) processes whose process group is {@code pgid}. */
  private static Set<Long> groupMembers(long pgid) throws IOException {
    Set<Long> out = new TreeSet<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          ProcStat.read(Long.parseLong(name))
              .filter(s -> s.pgrp() == pgid && !s.isZombie())
              .ifPresent(s -> out.add(Long.parseLong(name)));
        }
      }
    }
    return out;
  }

  private static boolean gone(long pid) {
    return JpmHomes.gone(pid);
  }

  @Test
  void start_autoSpawnsAgent_andKillLeavesNoProcessBehind() throws Exception {
    DistRunner jpm = home("a");
    Result start =
        jpm.jpm("start", "--name", "tree", "-i", "2", "--", "sh", "-c", "sleep 300 & wait");
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.err()).contains("jpm: spawning agent for " + tmp.resolve("a"));
    long agent = JSON.readTree(jpm.jpm("ping", "--json").out()).get("pid").asLong();
    JsonNode rows = jlist(jpm);
    assertThat(rows).hasSize(2);
    assertThat(rows).extracting(r -> r.get("status").asText()).containsOnly("online");
    Set<Long> everything = new TreeSet<>(List.of(agent));
    for (long pid : pids(jpm)) {
      Await.until("grandchild of " + pid, WAIT, () -> sizeOf(pid) == 2);
      everything.addAll(groupMembers(pid));
    }
    assertThat(everything).hasSize(5);

    Result kill = jpm.jpm("kill");

    assertThat(kill.exitCode()).as(kill.err()).isZero();
    assertThat(everything).allMatch(EndToEndIT::gone);
    assertThat(jpm.jpm("ping").exitCode()).isEqualTo(4);
  }

  private static int sizeOf(long pgid) {
    try {
      return groupMembers(pgid).size();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void kill9OfAnInstance_isReplacedAndCounted() throws Exception {
    DistRunner jpm = home("b");
    assertThat(jpm.jpm("start", "--name", "w", "-i", "2", "--", "sleep", "300").exitCode())
        .isZero();
    long victim = pids(jpm).get(0);

    new ProcessBuilder("kill", "-9", Long.toString(victim)).start().waitFor();

    Await.until(
        "instance 0 replaced",
        WAIT,
        () -> {
          JsonNode row = row(jpm, 0);
          return row.get("restarts").asInt() == 1 && row.get("status").asText().equals("online");
        });
    JsonNode row = row(jpm, 0);
    assertThat(row.get("pid").asLong()).isNotEqualTo(victim);
    assertThat(row.get("exitCode").asInt()).isEqualTo(137);
    assertThat(row(jpm, 1).get("restarts").asInt()).isZero();
    pids(jpm);
  }

  private static JsonNode row(DistRunner jpm, int id) {
    try {
      for (JsonNode r : jlist(jpm)) {
        if (r.get("id").asInt() == id) {
          return r;
        }
      }
      throw new AssertionError("no row with id " + id);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void crashLoop_endsErroredAfterMaxRestarts_andDescribeSaysWhy() throws Exception {
    DistRunner jpm = home("c");
    assertThat(
            jpm.jpm("start", "--name", "crash", "--max-restarts", "3", "--", "sh", "-c", "exit 1")
                .exitCode())
        .isZero();

    Await.until("errored", WAIT, () -> row(jpm, 0).get("status").asText().equals("errored"));

    JsonNode row = row(jpm, 0);
    assertThat(row.get("unstableRestarts").asInt()).isEqualTo(3);
    assertThat(row.get("restarts").asInt()).isEqualTo(2);
    assertThat(row.get("pid").isNull()).isTrue();
    assertThat(jpm.jpm("describe", "crash").out()).contains("max_restarts reached");
  }

  @Test
  void stop_ofAGroupIgnoringTerm_killsItAndItsGrandchildAfterKillTimeout() throws Exception {
    DistRunner jpm = home("d");
    Result start =
        jpm.jpm(
            "start",
            "--name",
            "stubborn",
            "--kill-timeout",
            "300ms",
            "--",
            "sh",
            "-c",
            "trap '' TERM; sleep 300 & wait");
    assertThat(start.exitCode()).as(start.err()).isZero();
    long pid = pids(jpm).get(0);
    Await.until("grandchild", WAIT, () -> sizeOf(pid) == 2);
    Set<Long> members = groupMembers(pid);

    Result stop = jpm.jpm("stop", "stubborn");

    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(members).allMatch(EndToEndIT::gone);
    JsonNode row = row(jpm, 0);
    assertThat(row.get("status").asText()).isEqualTo("stopped");
    assertThat(row.get("exitCode").asInt()).isEqualTo(137);
    assertThat(jpm.jpm("describe", "stubborn").out()).contains("sent SIGKILL");
  }

  @Test
  void twoHomes_runTwoAgentsSideBySide() throws Exception {
    DistRunner one = home("e1");
    DistRunner two = home("e2");
    assertThat(one.jpm("start", "--name", "left", "--", "sleep", "300").exitCode()).isZero();
    assertThat(two.jpm("start", "--name", "right", "--", "sleep", "300").exitCode()).isZero();
    pids(one);
    pids(two);

    assertThat(jlist(one)).extracting(r -> r.get("name").asText()).containsExactly("left");
    assertThat(jlist(two)).extracting(r -> r.get("name").asText()).containsExactly("right");
    long agentOne = JSON.readTree(one.jpm("ping", "--json").out()).get("pid").asLong();
    long agentTwo = JSON.readTree(two.jpm("ping", "--json").out()).get("pid").asLong();
    assertThat(agentOne).isNotEqualTo(agentTwo);
    assertThat(one.jpm("kill").exitCode()).isZero();
    assertThat(jlist(two)).hasSize(1);
    assertThat(two.jpm("kill").exitCode()).isZero();
  }
}
