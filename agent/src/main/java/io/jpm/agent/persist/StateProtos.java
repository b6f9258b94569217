package io.jpm.agent.persist;

import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.StateExport;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.AgentState;
import io.jpm.messages.v1.SavedApp;
import io.jpm.messages.v1.SavedInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Maps the supervisor's {@link StateExport} to state.proto's AgentState and back. App specs go
 * through {@link AgentProtos} (with their env values: these files are owner-only), so every field
 * the wire spec carries is remembered too.
 */
public final class StateProtos {
  private StateProtos() {}

  /** The file form of {@code state}, stamped {@code writtenAt} (which must be after the epoch). */
  public static AgentState toProto(StateExport state, Instant writtenAt) {
    AgentState.Builder b =
        AgentState.newBuilder()
            .setFormat(StateStore.FORMAT)
            .setNextId(state.nextId())
            .setWrittenAtMs(Math.max(1, writtenAt.toEpochMilli()));
    for (StateExport.App app : state.apps()) {
      SavedApp.Builder a = SavedApp.newBuilder().setSpec(AgentProtos.toProto(app.spec()));
      app.instances().forEach(i -> a.addInstances(toProto(i)));
      b.addApps(a);
    }
    return b.build();
  }

  /**
   * The state a file holds. An app whose spec this build cannot take (e.g. a signal name it does
   * not know) is left out and reported to {@code problems}; the others come back.
   */
  public static StateExport fromProto(AgentState p, Consumer<String> problems) {
    List<StateExport.App> apps = new ArrayList<>();
    for (SavedApp a : p.getAppsList()) {
      AppSpec spec;
      try {
        spec = AgentProtos.fromProto(a.getSpec());
      } catch (RuntimeException e) {
        problems.accept("left out saved app '" + a.getSpec().getName() + "': " + e.getMessage());
        continue;
      }
      List<StateExport.Instance> instances =
          a.getInstancesList().stream().map(StateProtos::fromProto).toList();
      apps.add(new StateExport.App(spec.withInstances(Math.max(1, instances.size())), instances));
    }
    return new StateExport(p.getNextId(), apps);
  }

  /** One instance. */
  static SavedInstance toProto(StateExport.Instance i) {
    SavedInstance.Builder b =
        SavedInstance.newBuilder()
            .setId(i.id())
            .setIndex(i.index())
            .setWantUp(i.wantUp())
            .setPid(i.pid())
            .setStartTicks(i.startTicks())
            .setRestarts(i.restarts())
            .setUnstableRestarts(i.unstableRestarts())
            .setCreatedAtMs(i.createdAt().toEpochMilli())
            .setPrivatePort(i.privatePort());
    if (i.startedAt() != null) {
      b.setStartedAtMs(i.startedAt().toEpochMilli());
    }
    if (i.lastExitCode() != null) {
      b.setLastExitCode(i.lastExitCode());
    }
    return b.build();
  }

  /** One instance. */
  static StateExport.Instance fromProto(SavedInstance p) {
    return new StateExport.Instance(
        p.getId(),
        p.getIndex(),
        p.getWantUp(),
        p.getPid(),
        p.getStartTicks(),
        p.getRestarts(),
        p.getUnstableRestarts(),
        Instant.ofEpochMilli(p.getCreatedAtMs()),
        p.getStartedAtMs() == 0 ? null : Instant.ofEpochMilli(p.getStartedAtMs()),
        p.hasLastExitCode() ? p.getLastExitCode() : null,
        p.getPrivatePort());
  }
}
