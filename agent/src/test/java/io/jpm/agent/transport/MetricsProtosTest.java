package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.messages.v1.Metrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A snapshot's metrics message carries every figure; no pid when nothing runs. */
class MetricsProtosTest {

  @Test
  void toProto_running_copiesEveryField() {
    InstanceSnapshot s =
        new InstanceSnapshot(
            5,
            "api",
            "shop",
            2,
            4242,
            ProcessState.RUNNING,
            true,
            3,
            1,
            65_000,
            37.5,
            1 << 20,
            0,
            Instant.EPOCH);

    assertThat(MetricsProtos.toProto(s))
        .isEqualTo(
            Metrics.newBuilder()
                .setApp("api")
                .setInstance(2)
                .setId(5)
                .setNamespace("shop")
                .setPid(4242)
                .setState(io.jpm.messages.v1.ProcessState.PROCESS_STATE_RUNNING)
                .setCpuPercent(37.5)
                .setMemoryBytes(1 << 20)
                .setRestarts(3)
                .setUnstableRestarts(1)
                .setUptimeMs(65_000)
                .setWantUp(true)
                .build());
  }

  @Test
  void toProto_stopped_hasNoPid() {
    InstanceSnapshot s =
        new InstanceSnapshot(
            5,
            "api",
            "shop",
            2,
            0,
            ProcessState.STOPPED,
            false,
            0,
            0,
            0,
            0,
            0,
            null,
            Instant.EPOCH);

    Metrics m = MetricsProtos.toProto(s);

    assertThat(m.hasPid()).isFalse();
    assertThat(m.getState()).isEqualTo(io.jpm.messages.v1.ProcessState.PROCESS_STATE_STOPPED);
  }
}
