package io.jpm.agent.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.ExecutorScheduler;
import io.jpm.agent.supervision.RestoreReport;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.messages.v1.AgentState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper on a real supervisor loop and real files: coalesced writes and the final write. */
class StateKeeperIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final SynchronizedLauncher processes = new SynchronizedLauncher();
  private final SupervisorLoop loop = new SupervisorLoop();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(loop);
  private final Supervisor supervisor =
      new Supervisor(
          processes, scheduler, EventSink.none(), UsageMeter.none(), Clock.systemUTC(), loop);
  private StateStore state;
  private StateKeeper keeper;

  private StateKeeper keeper() {
    state = new StateStore(dir.resolve("state.pb"), Clock.systemUTC());
    keeper =
        new StateKeeper(
            state,
            new StateStore(dir.resolve("dump.pb"), Clock.systemUTC()),
            loop,
            supervisor,
            Clock.systemUTC(),
            WAIT);
    return keeper;
  }

  @AfterEach
  void stop() {
    if (keeper != null) {
      keeper.close();
    }
    scheduler.close();
    loop.close();
  }

  private Optional<AgentState> onDisk() {
    try {
      return state.read();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aBurstOfChanges_costsOneWrite_holdingTheStateAfterTheLastChange() throws Exception {
    StateKeeper k = keeper();
    RestoreReport nothing = k.restore();
    assertThat(nothing).isEqualTo(new RestoreReport(0, 0, 0));
    Await.until("the first (empty) state is written", WAIT, () -> k.writes() == 1);

    // Sixty instances started in one loop task: well over a hundred changes.
    loop.call(
            () -> {
              List<CompletableFuture<?>> all = new ArrayList<>();
              for (int i = 0; i < 20; i++) {
                all.add(supervisor.start(List.of(TestApp.named("app" + i).instances(3).build())));
              }
              return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
            })
        .get(30, TimeUnit.SECONDS);

    // The count grows just after the file is in place; each write completes before the next.
    Await.until(
        "the burst is on disk",
        WAIT,
        () ->
            k.writes() >= 2
                && onDisk().map(s -> s.getAppsCount() == 20 && s.getNextId() == 60).orElse(false));
    assertThat(k.writes()).isEqualTo(2);
    assertThat(onDisk().get().getApps(19).getInstances(2).getPid()).isPositive();
  }

  @Test
  void persistFinal_writesTheLastStateAndLaterCallsShareIt() throws Exception {
    StateKeeper k = keeper();
    k.restore();
    loop.call(() -> supervisor.start(List.of(TestApp.named("web").build())))
        .get(30, TimeUnit.SECONDS);

    CompletableFuture<Void> last = k.persistFinal();
    last.get(30, TimeUnit.SECONDS);

    assertThat(k.persistFinal()).isSameAs(last);
    AgentState written = onDisk().orElseThrow();
    assertThat(written.getApps(0).getSpec().getName()).isEqualTo("web");
    assertThat(written.getApps(0).getInstances(0).getWantUp()).isTrue();
    assertThat(written.getApps(0).getInstances(0).getPid()).isPositive();
    assertThat(written.getApps(0).getInstances(0).getStartTicks()).isPositive();
    assertThat(k.handedOver()).isFalse();
  }

  @Test
  void forget_removesTheStateFile() throws Exception {
    StateKeeper k = keeper();
    k.restore();
    Await.until("state written", WAIT, () -> k.writes() == 1);

    k.forget();

    assertThat(onDisk()).isEmpty();
  }
}
