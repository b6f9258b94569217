package io.jpm.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.StateChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** monit's rows: seeded by the list, updated by metrics samples, removed by deletions. */
class MonitViewTest {
  private static final Instant NOON = Instant.parse("2026-01-02T12:00:00Z");

  private static Event sample(int id, String app, ProcessState state, long memory) {
    Metrics.Builder m =
        Metrics.newBuilder()
            .setApp(app)
            .setId(id)
            .setNamespace("default")
            .setState(state)
            .setCpuPercent(50)
            .setMemoryBytes(memory)
            .setRestarts(4)
            .setUptimeMs(61_000);
    if (state == ProcessState.PROCESS_STATE_RUNNING) {
      m.setPid(777);
    }
    return Event.newBuilder().setHost("h2").setMetrics(m).build();
  }

  private final MonitView view =
      new MonitView(
          "h1",
          List.of(
              Replies.process(0, "web", ProcessState.PROCESS_STATE_RUNNING),
              Replies.process(1, "api", ProcessState.PROCESS_STATE_STOPPED)));

  @Test
  void apply_sample_updatesItsRowOnly() {
    view.apply(sample(0, "web", ProcessState.PROCESS_STATE_RUNNING, 3 * 1024 * 1024));

    ProcessInfo web = view.rows().get(0);
    assertThat(web.getMemoryBytes()).isEqualTo(3 * 1024 * 1024);
    assertThat(web.getCpuPercent()).isEqualTo(50);
    assertThat(web.getRestarts()).isEqualTo(4);
    assertThat(web.getPid()).isEqualTo(777);
    assertThat(web.getCreatedAtMs()).isEqualTo(Replies.CREATED_AT_MS);
    assertThat(view.rows().get(1))
        .isEqualTo(Replies.process(1, "api", ProcessState.PROCESS_STATE_STOPPED));
  }

  @Test
  void apply_sampleOfStoppedInstance_clearsThePid() {
    view.apply(sample(0, "web", ProcessState.PROCESS_STATE_FATAL, 0));

    assertThat(view.rows().get(0).hasPid()).isFalse();
    assertThat(view.rows().get(0).getState()).isEqualTo(ProcessState.PROCESS_STATE_FATAL);
  }

  @Test
  void apply_sampleOfNewInstance_addsARowInIdOrder() {
    view.apply(sample(7, "worker", ProcessState.PROCESS_STATE_RUNNING, 1));

    assertThat(view.rows())
        .extracting(ProcessInfo::getName)
        .containsExactly("web", "api", "worker");
    assertThat(view.rows().get(2).getHost()).isEqualTo("h2");
  }

  @Test
  void apply_deletion_removesTheRow() {
    view.apply(
        Event.newBuilder()
            .setState(
                StateChanged.newBuilder()
                    .setProcess(Replies.process(1, "api", ProcessState.PROCESS_STATE_STOPPED))
                    .setDeleted(true))
            .build());

    assertThat(view.rows()).extracting(ProcessInfo::getName).containsExactly("web");
  }

  @Test
  void render_headerThenTheListTable() {
    String screen = view.render(NOON, "q: quit");

    List<String> lines = screen.lines().toList();
    assertThat(lines.get(0)).startsWith("jpm monit  h1  1/2 online  ").endsWith("  q: quit");
    assertThat(lines.get(1)).startsWith("id  name  namespace");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(2)).contains("web", "online", "12.3mb");
    assertThat(lines.get(3)).contains("api", "stopped");
  }
}
