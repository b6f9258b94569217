package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jpm.agent.metrics.ProcStat;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.LiveOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `jpm runtime` through the built distribution, as a container runs it: the apps' lines on its
 * stdout and stderr, other commands against its agent, SIGTERM, the end when no app is left, and
 * what it refuses.
 */
class RuntimeIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  // "talker" prints on both streams and says goodbye on SIGTERM; "ticker" prints on stdout;
  // "stubborn" ignores SIGTERM, so only SIGKILL after its kill_timeout stops it.
  private static final String APPS =
      """
      apps:
        - name: talker
          script: /bin/sh
          args: ["-c", "trap 'echo talker-bye; exit 0' TERM; i=0; while true; do echo talker-out $i; echo talker-err $i >&2; i=$((i+1)); sleep 0.2; done"]
        - name: ticker
          script: /bin/sh
          args: ["-c", "while true; do echo tick; sleep 0.2; done"]
        - name: stubborn
          script: /bin/sh
          args: ["-c", "trap '' TERM; while true; do sleep 0.2; done"]
          kill_timeout: 1s
      """;

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;
  private final List<Long> namespaceInits = new ArrayList<>();

  @BeforeEach
  void setUp() {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
  }

  @AfterEach
  void cleanUp() throws Exception {
    // Killing PID 1 of a pid namespace kills everything in it.
    for (long init : namespaceInits) {
      new ProcessBuilder("kill", "-KILL", Long.toString(init)).start().waitFor();
    }
    homes.close();
  }

  private Path config(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  /** Pids of the running instances, each group killed after the test whatever happens. */
  private List<Long> appPids(int expected) throws Exception {
    List<Long> pids = new ArrayList<>();
    Await.until(
        expected + " instances online",
        WAIT,
        () -> {
          pids.clear();
          for (JsonNode row : jlistQuietly()) {
            if (row.get("status").asText().equals("online")) {
              pids.add(row.get("pid").asLong());
            }
          }
          return pids.size() == expected;
        });
    pids.forEach(homes::killGroupAfter);
    return pids;
  }

  private JsonNode jlistQuietly() {
    try {
      return JpmHomes.jlist(jpm);
    } catch (Exception | AssertionError e) {
      return JsonNodeFactory.instance.arrayNode();
    }
  }

  private static void sigterm(Process p) throws Exception {
    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
  }

  private static int exitCode(Process p) throws Exception {
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("runtime exited").isTrue();
    return p.exitValue();
  }

  @Test
  void runtime_apps_linesOnItsStreamsWithPrefixes_listSeesThem_sigtermStopsThemAndExitsZero()
      throws Exception {
    Process runtime = jpm.start("runtime", "--formatted", config("apps.yaml", APPS).toString());
    LiveOutput out = LiveOutput.stdout(runtime);
    LiveOutput err = LiveOutput.stderr(runtime);

    Await.until(
        "lines of both apps on stdout, stderr lines on stderr",
        WAIT,
        () ->
            out.text().contains("0|talker[0] | talker-out 1\n")
                && out.text().contains("1|ticker[0] | tick\n")
                && err.text().contains("0|talker[0] err | talker-err 1\n"));
    assertThat(out.text()).doesNotContain("talker-err");
    assertThat(err.text()).doesNotContain("talker-out", "| tick");
    List<Long> pids = appPids(3);
    JsonNode rows = JpmHomes.jlist(jpm);
    assertThat(rows)
        .extracting(r -> r.get("name").asText())
        .containsExactly("talker", "ticker", "stubborn");

    sigterm(runtime);

    assertThat(exitCode(runtime)).as(err.text()).isZero();
    assertThat(pids).allMatch(JpmHomes::gone);
    assertThat(out.untilClosed(WAIT)).contains("0|talker[0] | talker-bye\n");
    assertThat(err.untilClosed(WAIT)).contains("jpm runtime: signalled: stopping the apps");
    assertThat(jpm.jpm("ping").exitCode()).as("no agent left").isEqualTo(4);
  }

  @Test
  void runtime_everyAppExitsWithAutorestartOff_exitsByItselfWithZero() throws Exception {
    String apps =
        """
        apps:
          - name: one
            script: /bin/sh
            args: ["-c", "echo one-done"]
            autorestart: false
          - name: two
            script: /bin/sh
            args: ["-c", "sleep 1; echo two-done >&2"]
            autorestart: false
        """;

    Process runtime = jpm.start("runtime", config("done.yaml", apps).toString());
    LiveOutput out = LiveOutput.stdout(runtime);
    LiveOutput err = LiveOutput.stderr(runtime);

    assertThat(exitCode(runtime)).as(err.text()).isZero();
    assertThat(out.untilClosed(WAIT)).as("bare lines by default").isEqualTo("one-done\n");
    assertThat(err.untilClosed(WAIT))
        .contains("two-done\n")
        .contains("jpm runtime: no app running any more: 2 stopped, 0 exited with a non-zero code");
  }

  @Test
  void runtime_commandExitsNonZero_exitsByItselfWithOne() throws Exception {
    Process runtime =
        jpm.start(
            "runtime", "--no-autorestart", "--name", "fails", "--", "sh", "-c", "echo bye; exit 3");
    LiveOutput out = LiveOutput.stdout(runtime);
    LiveOutput err = LiveOutput.stderr(runtime);

    assertThat(exitCode(runtime)).as(err.text()).isEqualTo(1);
    assertThat(out.untilClosed(WAIT)).isEqualTo("bye\n");
    assertThat(err.untilClosed(WAIT)).contains("1 exited with a non-zero code");
  }

  @Test
  void runtime_badConfig_failsWithOneLineAndStartsNothing() throws Exception {
    Path bad = config("bad.yaml", "apps:\n  - name: api\n    script: /bin/sh\n    colour: red\n");

    Result r = jpm.jpm("runtime", bad.toString());

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("jpm: ").contains("bad.yaml", "api", "colour");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
    assertThat(tmp.resolve("home")).as("no agent ever ran for JPM_HOME").doesNotExist();
  }

  @Test
  void runtime_secondOnTheSameHome_isRefusedAndTheFirstRunsOn() throws Exception {
    Process first = jpm.start("runtime", "--name", "w", "--", "sleep", "300");
    LiveOutput err = LiveOutput.stderr(first);
    // Not before: a CLI that finds no agent at all spawns one, and the runtime is refused.
    Await.until("runtime's agent up", WAIT, () -> err.text().contains("INFO Agent: agent "));
    long app = appPids(1).get(0);

    Result second = jpm.jpm("runtime", "--name", "v", "--", "sleep", "300");

    assertThat(second.exitCode()).isEqualTo(1);
    assertThat(second.err())
        .matches(
            "jpm: runtime failed: an agent already runs for JPM_HOME "
                + tmp.resolve("home")
                + " \\(pid "
                + first.pid()
                + "\\)\n");
    assertThat(first.isAlive()).isTrue();
    assertThat(JpmHomes.jlist(jpm)).extracting(r -> r.get("name").asText()).containsExactly("w");
    sigterm(first);
    assertThat(exitCode(first)).as(err.text()).isZero();
    assertThat(JpmHomes.gone(app)).isTrue();
  }

  @Test
  void runtime_asPid1_reapsTheOrphansOfItsApps() throws Exception {
    assumeTrue(
        new ProcessBuilder(unshare("true")).start().waitFor() == 0,
        "needs unprivileged user and pid namespaces (unshare)");
    // Each subshell exits at once, so its child is re-parented to PID 1 and exits 0.1 s later.
    String orphans = "for i in 1 2 3; do (sleep 0.1 &); done; echo orphaned; exec sleep 300";
    List<String> argv = new ArrayList<>(unshare(DistRunner.DIST.resolve("bin/jpm").toString()));
    argv.addAll(List.of("runtime", "--name", "o", "--", "sh", "-c", orphans));
    Process unshare =
        jpm.start(Path.of(argv.get(0)), argv.subList(1, argv.size()).toArray(String[]::new));
    LiveOutput out = LiveOutput.stdout(unshare);
    long init = Await.value("PID 1 of the namespace", WAIT, () -> onlyChild(unshare.toHandle()));
    namespaceInits.add(init);

    Await.until("orphans made", WAIT, () -> out.text().contains("orphaned\n"));

    // Until reaped, an exited orphan stays PID 1's child (a zombie); the runtime JVM is the other.
    Await.until(
        "PID 1 (" + init + ") has reaped every orphan",
        WAIT,
        () -> ProcessHandle.of(init).map(h -> h.children().count()).orElse(0L) == 1);
    ProcessHandle jvm =
        ProcessHandle.of(onlyChild(ProcessHandle.of(init).orElseThrow())).orElseThrow();
    assertThat(ProcStat.read(jvm.pid()).filter(ProcStat::isZombie)).isEmpty();
    new ProcessBuilder("kill", "-TERM", Long.toString(init)).start().waitFor();
    assertThat(exitCode(unshare)).isZero();
  }

  private static List<String> unshare(String program) {
    return List.of(
        "unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", program);
  }

  private static Long onlyChild(ProcessHandle p) {
    return p.children().findFirst().map(ProcessHandle::pid).orElse(null);
  }
}
