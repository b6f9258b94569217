package io.jpm.agent.transport;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.messages.v1.Metrics;

/** The metrics half of {@link AgentProtos}: one instance's sample. Tested by MetricsProtosTest. */
public final class MetricsProtos {
  private MetricsProtos() {}

  /** The {@code metrics.<app>.<instance>} payload of a snapshot. */
  public static Metrics toProto(InstanceSnapshot s) {
    Metrics.Builder b =
        Metrics.newBuilder()
            .setApp(s.name())
            .setInstance(s.index())
            .setId(s.id())
            .setNamespace(s.namespace())
            .setState(AgentProtos.toProto(s.state()))
            .setCpuPercent(s.cpuPercent())
            .setMemoryBytes(s.memoryBytes())
            .setRestarts(s.restarts())
            .setUnstableRestarts(s.unstableRestarts())
            .setUptimeMs(s.uptimeMillis())
            .setWantUp(s.wantUp());
    if (s.pid() != 0) {
      b.setPid(s.pid());
    }
    return b.build();
  }
}
