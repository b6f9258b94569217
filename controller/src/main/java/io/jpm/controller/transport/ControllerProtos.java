package io.jpm.controller.transport;

import io.jpm.controller.fleet.AgentEvent;
import io.jpm.controller.fleet.AgentInfo;
import io.jpm.controller.fleet.Connection;
import io.jpm.controller.fleet.Endpoints;
import io.jpm.controller.fleet.FleetProcess;
import io.jpm.controller.fleet.FleetResult;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.HostOutcome;
import io.jpm.controller.fleet.HostResult;
import io.jpm.controller.fleet.HostSnapshot;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.HostConnection;
import io.jpm.messages.v1.HostStatus;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;

/** Maps between the wire (control.proto, events.proto) and the fleet domain. */
public final class ControllerProtos {
  private ControllerProtos() {}

  /** A jlist row's identity. */
  public static FleetProcess fromProto(ProcessInfo p) {
    return new FleetProcess(
        p.getId(),
        p.getName(),
        p.getInstance(),
        p.getNamespace(),
        p.getState() == ProcessState.PROCESS_STATE_RUNNING);
  }

  /**
   * What a ping reply says about the agent; its events endpoint as the controller must connect to
   * it: for a tcp:// host the inventory's address with the port of {@code remote_events_endpoint}.
   */
  public static AgentInfo fromProto(PingReply ping, HostEntry entry) {
    String events =
        entry.endpoint().startsWith("tcp://")
            ? Endpoints.withPortOf(entry.endpoint(), ping.getRemoteEventsEndpoint())
            : ping.getEventsEndpoint();
    return new AgentInfo(ping.getRunId(), ping.getVersion(), ping.getLabelsMap(), events);
  }

  /** What the view needs of one published event. */
  public static AgentEvent fromProto(Event e) {
    return switch (e.getPayloadCase()) {
      case STATE ->
          AgentEvent.state(
              e.getRunId(),
              e.getSeq(),
              fromProto(e.getState().getProcess()),
              e.getState().getDeleted());
      case HEARTBEAT -> {
        Heartbeat h = e.getHeartbeat();
        yield AgentEvent.heartbeat(
            e.getRunId(),
            e.getSeq(),
            new AgentEvent.Beat(
                h.getVersion(), h.getLastStateSeq(), h.getInstances(), h.getRunning()));
      }
      default -> AgentEvent.other(e.getRunId(), e.getSeq());
    };
  }

  /** A fleet command's outcome. */
  public static FleetReply toProto(FleetResult<Reply> result) {
    FleetReply.Builder out = FleetReply.newBuilder().setStoppedEarly(result.stoppedEarly());
    for (HostResult<Reply> r : result.results()) {
      io.jpm.messages.v1.HostResult.Builder h =
          io.jpm.messages.v1.HostResult.newBuilder()
              .setHost(r.host())
              .setOutcome(toProto(r.outcome()))
              .setMessage(r.message())
              .setElapsedMs(r.elapsed().toMillis())
              .setBatch(r.batch());
      if (r.reply() != null) {
        h.setReply(r.reply());
      }
      out.addResults(h);
    }
    return out.build();
  }

  /** The wire outcome. */
  public static io.jpm.messages.v1.HostOutcome toProto(HostOutcome o) {
    return switch (o) {
      case OK -> io.jpm.messages.v1.HostOutcome.HOST_OUTCOME_OK;
      case FAILED -> io.jpm.messages.v1.HostOutcome.HOST_OUTCOME_FAILED;
      case TIMED_OUT -> io.jpm.messages.v1.HostOutcome.HOST_OUTCOME_TIMED_OUT;
      case NOT_CONNECTED -> io.jpm.messages.v1.HostOutcome.HOST_OUTCOME_NOT_CONNECTED;
      case NOT_TOUCHED -> io.jpm.messages.v1.HostOutcome.HOST_OUTCOME_NOT_TOUCHED;
    };
  }

  /** One host of `jpm hosts`. */
  public static HostStatus toProto(HostSnapshot h) {
    return HostStatus.newBuilder()
        .setHost(h.name())
        .putAllLabels(h.labels())
        .setEndpoint(h.entry().endpoint())
        .setEventsEndpoint(h.eventsEndpoint())
        .setConnection(toProto(h.connection()))
        .setLastSeenMs(h.lastSeen().map(t -> t.toEpochMilli()).orElse(0L))
        .setAgentVersion(h.agentVersion())
        .setInstances(h.instances())
        .setRunning(h.running())
        .setPublicKey(h.entry().publicKey())
        .setSource(h.entry().source())
        .setProblem(h.problem())
        .build();
  }

  /** The wire connection state. */
  public static HostConnection toProto(Connection c) {
    return switch (c) {
      case CONNECTED -> HostConnection.HOST_CONNECTION_CONNECTED;
      case DISCONNECTED -> HostConnection.HOST_CONNECTION_DISCONNECTED;
      case PENDING -> HostConnection.HOST_CONNECTION_PENDING;
    };
  }
}
