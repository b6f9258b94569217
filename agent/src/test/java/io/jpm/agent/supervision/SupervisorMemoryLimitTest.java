package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.TestApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** max_memory_restart: an instance above its limit is replaced by a reload, and says why. */
class SupervisorMemoryLimitTest {
  private static final long MIB = 1024 * 1024;

  private final ServingRig rig = new ServingRig();
  private final Supervisor supervisor = rig.supervisor;

  private List<String> reasons(int id) {
    return supervisor.describe(List.of(Integer.toString(id))).get(0).events().stream()
        .map(InstanceEvent::reason)
        .toList();
  }

  @Test
  void enforce_belowTheLimit_doesNothing() {
    rig.startReady(TestApp.named("web").port(8080).maxMemory(100 * MIB).build());
    rig.rss.put(1000L, 99 * MIB);

    supervisor.enforceMemoryLimits();

    assertThat(rig.journal).isEmpty();
    assertThat(rig.instance(0).pid()).isEqualTo(1000);
  }

  @Test
  void enforce_aboveTheLimitWithACheck_reloadsGracefullyAndTheHistorySaysWhy() {
    rig.startReady(TestApp.named("web").port(8080).maxMemory(100 * MIB).build());
    rig.rss.put(1000L, 200 * MIB);

    supervisor.enforceMemoryLimits();
    supervisor.enforceMemoryLimits(); // while the replacement starts: not a second one

    assertThat(rig.journal).containsExactly("spawn 1001", "probe 1001");
    assertThat(rig.instance(0).pid())
        .as("the old one serves on until the new is ready")
        .isEqualTo(1000);
    rig.probe.ready(1001);
    assertThat(rig.journal)
        .contains("add web 0@1001 20001", "remove web 0@1000 1600ms", "TERM 1000");
    assertThat(reasons(0))
        .contains("memory 200 MiB is above max_memory_restart 100 MiB: replacing the process");
  }

  @Test
  void enforce_aboveTheLimitWithoutACheck_restarts() {
    rig.startReady(TestApp.named("job").maxMemory(10 * MIB).build());
    rig.rss.put(1000L, 11 * MIB);

    supervisor.enforceMemoryLimits();

    assertThat(rig.journal).startsWith("TERM 1000");
    assertThat(reasons(0)).anyMatch(r -> r.startsWith("memory 11 MiB is above"));
  }

  @Test
  void enforce_appWithoutALimit_isNeverTouched() {
    rig.startReady(TestApp.named("web").port(8080).build());
    rig.rss.put(1000L, 4096 * MIB);

    supervisor.enforceMemoryLimits();

    assertThat(rig.journal).isEmpty();
  }
}
