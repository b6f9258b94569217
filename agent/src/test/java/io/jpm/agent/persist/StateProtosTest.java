package io.jpm.agent.persist;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.StateExport;
import io.jpm.agent.testing.TestApp;
import io.jpm.messages.v1.AgentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The supervisor's export to state.proto and back. */
class StateProtosTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static StateExport export() {
    return new StateExport(
        9,
        List.of(
            new StateExport.App(
                TestApp.named("web")
                    .instances(2)
                    .env(Map.of("TOKEN", "t0k3n"))
                    .port(8080)
                    .ready("http:/health", Duration.ofSeconds(5))
                    .build(),
                List.of(
                    new StateExport.Instance(
                        3, 0, true, 4242, 987654, 5, 2, T0, T0.plusSeconds(9), 1, 41234),
                    new StateExport.Instance(7, 1, false, 0, 0, 0, 0, T0, null, null))),
            new StateExport.App(
                TestApp.named("worker").namespace("jobs").build(),
                List.of(new StateExport.Instance(8, 0, true, 0, 0, 1, 1, T0, null, 137)))));
  }

  @Test
  void toProtoFromProto_fullExport_roundTripsIncludingEnvValues() {
    AgentState p = StateProtos.toProto(export(), T0.plusSeconds(60));
    List<String> problems = new ArrayList<>();

    StateExport back = StateProtos.fromProto(p, problems::add);

    assertThat(back).isEqualTo(export());
    assertThat(problems).isEmpty();
    assertThat(p.getFormat()).isEqualTo(StateStore.FORMAT);
    assertThat(p.getWrittenAtMs()).isEqualTo(T0.plusSeconds(60).toEpochMilli());
    assertThat(p.getApps(0).getSpec().getEnvMap()).containsEntry("TOKEN", "t0k3n");
    assertThat(p.getApps(1).getInstances(0).hasLastExitCode()).isTrue();
    assertThat(p.getApps(0).getInstances(1).hasLastExitCode()).isFalse();
  }

  @Test
  void fromProto_anAppThisBuildCannotTake_isLeftOutAndReported() {
    AgentState p = StateProtos.toProto(export(), T0);
    AgentState bad =
        p.toBuilder()
            .setApps(
                0,
                p.getApps(0).toBuilder()
                    .setSpec(p.getApps(0).getSpec().toBuilder().setKillSignal("SIGNOPE")))
            .build();
    List<String> problems = new ArrayList<>();

    StateExport back = StateProtos.fromProto(bad, problems::add);

    assertThat(back.apps()).extracting(a -> a.spec().name()).containsExactly("worker");
    assertThat(back.nextId()).isEqualTo(9);
    assertThat(problems).singleElement().asString().contains("left out saved app 'web'");
  }

  @Test
  void toProto_epochTimestamp_stillMarksTheFileComplete() {
    assertThat(StateProtos.toProto(StateExport.empty(), Instant.EPOCH).getWrittenAtMs())
        .isPositive();
  }
}
