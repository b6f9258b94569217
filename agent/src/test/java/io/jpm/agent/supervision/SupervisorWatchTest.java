package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `--watch`: one watch per watching app, a change restarts its instances and says which file. */
class SupervisorWatchTest {
  private static final WatchPolicy SRC =
      new WatchPolicy(List.of("src"), List.of("*.tmp"), Duration.ofMillis(200));

  private final ServingRig rig = new ServingRig();
  private final Supervisor supervisor = rig.supervisor;
  private final List<Watch> watches = new ArrayList<>();

  /** One watch the fake started. */
  private static final class Watch {
    final Path cwd;
    final WatchPolicy policy;
    final Consumer<String> changed;
    boolean closed;

    Watch(Path cwd, WatchPolicy policy, Consumer<String> changed) {
      this.cwd = cwd;
      this.policy = policy;
      this.changed = changed;
    }
  }

  @BeforeEach
  void useFakeWatch() {
    supervisor.watchFilesWith(
        (cwd, policy, changed) -> {
          Watch w = new Watch(cwd, policy, changed);
          watches.add(w);
          return () -> w.closed = true;
        });
  }

  private static AppSpec watching(String name, WatchPolicy policy) {
    return TestApp.named(name).instances(2).watch(policy).build();
  }

  @Test
  void start_appWithWatch_watchesItsCwdWithItsPolicyOnce() {
    rig.startReady(watching("web", SRC), TestApp.named("plain").build());

    assertThat(watches).singleElement().satisfies(w -> assertThat(w.policy).isEqualTo(SRC));
    assertThat(watches.get(0).cwd).isEqualTo(watching("web", SRC).cwd());
  }

  @Test
  void change_restartsEveryInstanceAndTheHistoryNamesTheFile() {
    rig.startReady(watching("web", SRC));

    watches.get(0).changed.accept("src/app.js");

    assertThat(rig.journal).contains("TERM 1000", "TERM 1001");
    for (int id : List.of(0, 1)) {
      assertThat(supervisor.describe(List.of(Integer.toString(id))).get(0).events())
          .extracting(InstanceEvent::reason)
          .contains("file changed: src/app.js (watch): restarting");
    }
    assertThat(watches).as("the same watch goes on").hasSize(1);
  }

  @Test
  void change_ofAStoppedApp_startsNothing() {
    rig.startReady(watching("web", SRC));
    supervisor.stop(List.of("web"));
    rig.journal.clear();

    watches.get(0).changed.accept("src/app.js");

    assertThat(rig.journal).noneMatch(e -> e.startsWith("spawn"));
  }

  @Test
  void change_ofACrashedApp_startsItAgainAndSaysWhy() {
    rig.startReady(TestApp.named("web").autorestart(false).watch(SRC).build());
    rig.launcher.process(1000).exit(1);
    assertThat(rig.instance(0).state()).isEqualTo(ProcessState.EXITED);
    rig.journal.clear();

    watches.get(0).changed.accept("src/app.js");

    assertThat(rig.journal).contains("spawn 1001");
    assertThat(supervisor.describe(List.of("0")).get(0).events())
        .extracting(InstanceEvent::reason)
        .contains("file changed: src/app.js (watch): starting it again");
  }

  @Test
  void delete_closesTheWatch() {
    rig.startReady(watching("web", SRC));

    supervisor.delete(List.of("web"));

    assertThat(watches.get(0).closed).isTrue();
  }
}
