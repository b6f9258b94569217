package io.jpm.agent.watch;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.FileWatch.Watching;
import io.jpm.agent.supervision.WatchPolicy;
import io.jpm.agent.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files under a temp dir: changes reported by name, ignored ones not, new dirs followed. */
class TreeWatcherIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path cwd;
  private TreeWatcher watcher;
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    watcher = new TreeWatcher();
  }

  @AfterEach
  void tearDown() {
    watcher.close();
  }

  private Watching watch(List<String> paths, List<String> ignore, Duration delay) {
    return watcher.watch(cwd, new WatchPolicy(paths, ignore, delay), reports::add);
  }

  @Test
  void change_ignoredThenWatchedFile_onlyTheWatchedOneIsReported() throws Exception {
    Files.createDirectories(cwd.resolve("node_modules/dep"));
    watch(List.of("."), List.of("*.tmp"), Duration.ZERO);

    Files.writeString(cwd.resolve("scratch.tmp"), "x");
    Files.writeString(cwd.resolve("node_modules/dep/index.js"), "x");
    Files.writeString(cwd.resolve("app.log"), "x");
    Files.writeString(cwd.resolve("app.js"), "x");

    Await.until("app.js reported", WAIT, () -> reports.contains("app.js"));
    assertThat(reports).containsOnly("app.js");
  }

  @Test
  void change_inADirectoryMadeAfterTheStart_isReported() throws Exception {
    watch(List.of("."), List.of(), Duration.ZERO);

    Path lib = Files.createDirectories(cwd.resolve("lib"));
    // Reported only after the new directory is registered.
    Await.until("lib reported", WAIT, () -> reports.contains("lib"));
    Files.writeString(lib.resolve("util.js"), "x");

    Await.until("a file in lib reported", WAIT, () -> reports.contains("lib/util.js"));
  }

  @Test
  void burstOfChanges_isReportedOnceAfterTheQuietTime_namingTheLastFile() throws Exception {
    watch(List.of("."), List.of(), Duration.ofMillis(500));

    for (int i = 0; i < 20; i++) {
      Files.writeString(cwd.resolve("f" + i + ".js"), "x");
    }

    Await.until("the last file reported", WAIT, () -> reports.contains("f19.js"));
    assertThat(reports).hasSizeLessThan(20).endsWith("f19.js");
  }

  @Test
  void close_noReportAfterwards() throws Exception {
    Watching w = watch(List.of("."), List.of(), Duration.ZERO);
    Files.writeString(cwd.resolve("before.js"), "x");
    Await.until("before.js reported", WAIT, () -> reports.contains("before.js"));

    w.close();
    reports.clear();
    // A second watch on the same directory sees the next change; the closed one does not.
    List<String> other = new CopyOnWriteArrayList<>();
    watcher.watch(cwd, new WatchPolicy(List.of("."), List.of(), Duration.ZERO), other::add);
    Files.writeString(cwd.resolve("after.js"), "x");

    Await.until("the other watch saw after.js", WAIT, () -> other.contains("after.js"));
    assertThat(reports).isEmpty();
  }
}
