package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.JpmHomes;
import io.jpm.cli.testing.LiveOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jpm dev` through the built distribution: output with prefixes, restart on change, Ctrl-C. */
class DevIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern PID_LINE = Pattern.compile("0\\|app\\[0\\] \\| dev-pid (\\d+)");

  @TempDir Path tmp;
  private JpmHomes homes;
  private DistRunner jpm;

  @BeforeEach
  void setUp() {
    homes = new JpmHomes(tmp);
    jpm = homes.home("home");
  }

  @AfterEach
  void cleanUp() throws Exception {
    homes.close();
  }

  /**
   * bin/jpm under a wrapper that gives SIGINT its default action back: a process started from a
   * background job (as builds run) inherits SIGINT ignored, and a JVM then never sees Ctrl-C. The
   * wrapper execs, so the pid stays the same.
   */
  private Path withSigint() throws Exception {
    Path wrapper =
        Files.writeString(
            tmp.resolve("with-sigint"),
            "#!/usr/bin/env python3\n"
                + "import os, signal, sys\n"
                + "signal.signal(signal.SIGINT, signal.SIG_DFL)\n"
                + "jpm = '"
                + DistRunner.DIST.resolve("bin/jpm")
                + "'\n"
                + "os.execv(jpm, [jpm] + sys.argv[1:])\n");
    wrapper.toFile().setExecutable(true);
    return wrapper;
  }

  private static void writeChange(Path dir) {
    try {
      Files.writeString(dir.resolve("changed.txt"), "a change at " + System.nanoTime());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The pids the app printed so far, in order; each group is killed after the test anyway. */
  private Set<Long> printedPids(LiveOutput out) {
    Set<Long> pids = new LinkedHashSet<>();
    Matcher m = PID_LINE.matcher(out.text());
    while (m.find()) {
      pids.add(Long.parseLong(m.group(1)));
    }
    return pids;
  }

  @Test
  void dev_script_printsPrefixedLines_restartsOnChange_sigintStopsAllAndExitsZero()
      throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("app"));
    Path script =
        Files.writeString(
            dir.resolve("app.sh"), "echo dev-pid $$\nwhile true; do sleep 0.2; done\n");

    Process dev = jpm.start(withSigint(), "dev", "--interpreter", "sh", script.toString());
    LiveOutput out = LiveOutput.stdout(dev);
    LiveOutput err = LiveOutput.stderr(dev);
    Await.until("the first line", WAIT, () -> printedPids(out).size() == 1);
    long first = printedPids(out).iterator().next();
    homes.killGroupAfter(first);

    // Changed again every 2 s until a new process prints: a change made in the instant between the
    // app's first line and its watch being registered is not seen (by design: the watch starts
    // with the app), and the test must not depend on winning that race.
    long[] lastChange = {0};
    try {
      Await.until(
          "a new process printing",
          WAIT,
          () -> {
            if (System.nanoTime() - lastChange[0] > 2_000_000_000L) {
              lastChange[0] = System.nanoTime();
              writeChange(dir);
            }
            return printedPids(out).size() >= 2;
          });
    } catch (AssertionError e) {
      // What the agent saw (a file change? a restart?) tells a lost event from a lost line.
      throw new AssertionError(
          e.getMessage()
              + "\nstdout:\n"
              + out.text()
              + "\nstderr:\n"
              + err.text()
              + "\ndescribe:\n"
              + jpm.jpm("describe", "app").out(),
          e);
    }
    long second = printedPids(out).stream().filter(p -> p != first).findFirst().orElseThrow();
    homes.killGroupAfter(second);
    Await.until("the first process gone", WAIT, () -> JpmHomes.gone(first));
    assertThat(dev.isAlive()).as("dev runs on").isTrue();

    new ProcessBuilder("kill", "-INT", Long.toString(dev.pid())).start().waitFor();

    assertThat(dev.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("dev exited").isTrue();
    assertThat(dev.exitValue()).as(err.text()).isZero();
    assertThat(JpmHomes.gone(second)).as("no app process left").isTrue();
    assertThat(err.untilClosed(WAIT)).contains("jpm dev: signalled: stopping the apps");
    assertThat(jpm.jpm("ping").exitCode()).as("no agent left").isEqualTo(4);
  }
}
