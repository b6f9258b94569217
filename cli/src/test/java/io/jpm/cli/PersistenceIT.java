package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built `jpm` and real agents and processes: what survives the agent (SIGTERM, kill -9,
 * update), what `kill` forgets, save/resurrect, and the systemd unit of `startup`.
 */
class PersistenceIT {
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

  /** Rows by "name#instance". */
  private static Map<String, JsonNode> rows(DistRunner jpm) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode row : jlist(jpm)) {
      out.put(row.get("name").asText() + "#" + row.get("instance").asInt(), row);
    }
    return out;
  }

  /** Pids of the running instances by "name#instance"; each group is killed after the test. */
  private Map<String, Long> pids(DistRunner jpm) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    rows(jpm)
        .forEach(
            (key, row) -> {
              if (!row.get("pid").isNull()) {
                out.put(key, row.get("pid").asLong());
                homes.killGroupAfter(row.get("pid").asLong());
              }
            });
    return out;
  }

  private static long agentPid(DistRunner jpm) throws Exception {
    Result ping = jpm.jpm("ping", "--json");
    assertThat(ping.exitCode()).as(ping.err()).isZero();
    return JSON.readTree(ping.out()).get("pid").asLong();
  }

  private static boolean gone(long pid) {
    return JpmHomes.gone(pid);
  }

  private static void signal(String signal, long pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
  }

  private static void ok(Result r) {
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
  }

  @Test
  void sigtermToTheAgent_leavesAppsRunningAndTheirStateOnDisk() throws Exception {
    DistRunner jpm = home("a");
    ok(jpm.jpm("start", "--name", "w", "-i", "2", "--", "sleep", "300"));
    Map<String, Long> apps = pids(jpm);
    long agent = agentPid(jpm);

    signal("TERM", agent);

    Await.until("agent gone", WAIT, () -> gone(agent));
    assertThat(apps.values()).noneMatch(PersistenceIT::gone);
    Path state = tmp.resolve("a/state.pb");
    assertThat(state).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(tmp.resolve("a/agent.log")))
        .contains("agent stopped (apps left running; the next agent re-adopts them)");
  }

  @Test
  void kill_stopsEveryAppAndForgetsTheState() throws Exception {
    DistRunner jpm = home("b");
    ok(jpm.jpm("start", "--name", "w", "--", "sleep", "300"));
    Map<String, Long> apps = pids(jpm);
    Path state = tmp.resolve("b/state.pb");
    Await.until("state written", WAIT, () -> Files.exists(state));

    ok(jpm.jpm("kill"));

    assertThat(state).doesNotExist();
    assertThat(apps.values()).allMatch(PersistenceIT::gone);
    assertThat(jpm.jpm("ping").exitCode()).isEqualTo(4);
  }

  @Test
  void saveKillResurrect_runningAppsComeBackRunningAndStoppedOnesStopped() throws Exception {
    DistRunner jpm = home("c");
    ok(jpm.jpm("start", "--name", "web", "-i", "2", "--env", "TOKEN=t0k3n", "--", "sleep", "300"));
    ok(jpm.jpm("start", "--name", "batch", "--", "sleep", "300"));
    ok(jpm.jpm("stop", "batch"));

    Result save = jpm.jpm("save");

    ok(save);
    assertThat(save.out()).isEqualTo("saved 2 apps to " + tmp.resolve("c/dump.pb") + "\n");
    ok(jpm.jpm("kill"));
    assertThat(tmp.resolve("c/dump.pb")).exists();

    Result resurrect = jpm.jpm("resurrect");

    ok(resurrect);
    Map<String, JsonNode> rows = rows(jpm);
    pids(jpm);
    assertThat(rows.keySet()).containsExactly("web#0", "web#1", "batch#0");
    assertThat(rows.get("web#0").get("status").asText()).isEqualTo("online");
    assertThat(rows.get("web#1").get("status").asText()).isEqualTo("online");
    assertThat(rows.get("batch#0").get("status").asText()).isEqualTo("stopped");
    assertThat(jpm.jpm("describe", "web").out()).contains("TOKEN");
    assertThat(jpm.jpm("resurrect").out())
        .isEqualTo("nothing to resurrect: the agent already has every saved app\n");
    ok(jpm.jpm("kill"));
  }

  @Test
  void anAppThatDiedWhileNoAgentRan_isStartedAgainByTheNextAgent() throws Exception {
    DistRunner jpm = home("d");
    ok(jpm.jpm("start", "--name", "w", "--", "sleep", "300"));
    long app = pids(jpm).get("w#0");
    long agent = agentPid(jpm);
    signal("TERM", agent);
    Await.until("agent gone", WAIT, () -> gone(agent));
    signal("KILL", app);
    Await.until("app gone", WAIT, () -> gone(app));

    Map<String, JsonNode> rows = rows(jpm);

    JsonNode w = rows.get("w#0");
    pids(jpm);
    assertThat(w.get("status").asText()).isEqualTo("online");
    assertThat(w.get("pid").asLong()).isNotEqualTo(app);
    assertThat(w.get("restarts").asInt()).isEqualTo(1);
    assertThat(jpm.jpm("describe", "w").out())
        .contains("process " + app + " was gone when the agent started; starting it again");
    ok(jpm.jpm("kill"));
  }

  @Test
  void update_agentWithoutApps_isReplacedByANewAgent() throws Exception {
    DistRunner jpm = home("e");
    ok(jpm.jpm("jlist"));
    long before = agentPid(jpm);

    Result update = jpm.jpm("update");

    ok(update);
    long after = agentPid(jpm);
    assertThat(after).isNotEqualTo(before);
    assertThat(gone(before)).isTrue();
    assertThat(update.out())
        .matches(
            "agent updated: (\\S+) → \\1 \\(pid "
                + before
                + " → "
                + after
                + "\\); 0 instances re-adopted, pids kept\n");
    ok(jpm.jpm("kill"));
  }

  @Test
  void update_noAgent_saysSoAndStartsNone() throws Exception {
    DistRunner jpm = home("f");

    Result update = jpm.jpm("update");

    ok(update);
    assertThat(update.out()).startsWith("no agent is running for " + tmp.resolve("f"));
    assertThat(jpm.jpm("ping").exitCode()).isEqualTo(4);
  }

  @Test
  void startup_printsAUnitThatRunsThisLauncherAsThisUserForThisHome() throws Exception {
    DistRunner jpm = home("g");

    Result startup = jpm.jpm("startup");

    ok(startup);
    Path launcher = DistRunner.DIST.toRealPath().resolve("bin/jpm");
    assertThat(startup.out())
        .contains("\nExecStart=\"" + launcher + "\" agent\n")
        .contains("\nEnvironment=\"JPM_HOME=" + tmp.resolve("g") + "\"\n")
        .contains("\nUser=" + System.getProperty("user.name") + "\n")
        .contains("\nType=simple\n")
        .contains("\nRestart=on-failure\n")
        .contains("\nKillMode=process\n");
    assertThat(startup.err()).contains("startup --install");
  }

  @Test
  void startupInstall_withoutSystemd_failsInOneLineAndWritesNothing() throws Exception {
    // Where systemd runs (as root), this test would really install a unit: never there.
    assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "systemd runs here");
    DistRunner jpm = home("h");
    Path config = tmp.resolve("config");
    Path systemUnit =
        Path.of("/etc/systemd/system/jpm-agent-" + System.getProperty("user.name") + ".service");
    boolean systemUnitBefore = Files.exists(systemUnit);

    Result user =
        jpm.run(
            DistRunner.DIST.resolve("bin/jpm"),
            Map.of("XDG_CONFIG_HOME", config.toString()),
            "startup",
            "--install",
            "--user");
    Result system = jpm.jpm("startup", "--install");

    for (Result r : List.of(user, system)) {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err())
          .matches("jpm: startup --install failed: [^\n]*; nothing was written\n")
          .containsAnyOf("systemd is not running", "systemctl was not found");
      assertThat(r.out()).isEmpty();
    }
    assertThat(config).doesNotExist();
    assertThat(Files.exists(systemUnit)).isEqualTo(systemUnitBefore);
    assertThat(jpm.jpm("ping").exitCode()).isEqualTo(4);
  }

  @Test
  void kill9OfTheAgent_nextAgentReadoptsAppsWithTheirPids_andRestartsALaterCrash()
      throws Exception {
    DistRunner jpm = home("i");
    ok(
        jpm.jpm(
            "start",
            "--name",
            "w",
            "-i",
            "2",
            "--",
            "sh",
            "-c",
            "i=0; while :; do i=$((i+1)); echo $i; sleep 0.01; done"));
    Map<String, Long> before = pids(jpm);
    long agent = agentPid(jpm);

    signal("KILL", agent);
    Await.until("agent gone", WAIT, () -> gone(agent));
    assertThat(before.values()).noneMatch(PersistenceIT::gone);
    Map<String, JsonNode> after = rows(jpm);

    for (String key : List.of("w#0", "w#1")) {
      assertThat(after.get(key).get("pid").asLong()).isEqualTo(before.get(key));
      assertThat(after.get(key).get("status").asText()).isEqualTo("online");
      assertThat(after.get(key).get("restarts").asInt()).isZero();
    }
    long victim = before.get("w#0");
    signal("KILL", victim);
    Await.until(
        "w#0 restarted",
        WAIT,
        () -> {
          JsonNode row = rowsQuietly(jpm).get("w#0");
          return row.get("restarts").asInt() == 1
              && row.get("status").asText().equals("online")
              && row.get("pid").asLong() != victim;
        });
    pids(jpm);
    assertThat(rows(jpm).get("w#1").get("pid").asLong()).isEqualTo(before.get("w#1"));
    // Every number the app printed, across both agents, is in its log, in order.
    List<String> lines = Files.readAllLines(tmp.resolve("i/logs/w-out-1.log"));
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i)).isEqualTo(Integer.toString(i + 1));
    }
    ok(jpm.jpm("kill"));
  }

  @Test
  void update_runningApps_keepTheirPidsUnderTheNewAgent() throws Exception {
    DistRunner jpm = home("j");
    ok(jpm.jpm("start", "--name", "w", "-i", "2", "--", "sleep", "300"));
    Map<String, Long> before = pids(jpm);
    long oldAgent = agentPid(jpm);

    Result update = jpm.jpm("update");

    ok(update);
    assertThat(update.out()).contains("2 instances re-adopted, pids kept");
    assertThat(update.err()).doesNotContain("warning");
    assertThat(gone(oldAgent)).isTrue();
    assertThat(agentPid(jpm)).isNotEqualTo(oldAgent);
    Map<String, JsonNode> after = rows(jpm);
    for (String key : List.of("w#0", "w#1")) {
      assertThat(after.get(key).get("pid").asLong()).isEqualTo(before.get(key));
      assertThat(after.get(key).get("status").asText()).isEqualTo("online");
    }
    ok(jpm.jpm("kill"));
    assertThat(before.values()).allMatch(PersistenceIT::gone);
  }

  private static Map<String, JsonNode> rowsQuietly(DistRunner jpm) {
    try {
      return rows(jpm);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
