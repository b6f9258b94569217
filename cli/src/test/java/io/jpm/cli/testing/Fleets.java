package io.jpm.cli.testing;

import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.HostConnection;
import io.jpm.messages.v1.HostOutcome;
import io.jpm.messages.v1.HostResult;
import io.jpm.messages.v1.HostStatus;
import io.jpm.messages.v1.HostsReply;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Canned controller replies for fleet tests. */
public final class Fleets {
  private Fleets() {}

  /** An OK host with the agent's {@code reply}. */
  public static HostResult ok(String host, Reply reply) {
    return HostResult.newBuilder()
        .setHost(host)
        .setOutcome(HostOutcome.HOST_OUTCOME_OK)
        .setReply(reply)
        .build();
  }

  /** A host that is not OK, with the controller's {@code message}. */
  public static HostResult not(String host, HostOutcome outcome, String message) {
    return HostResult.newBuilder().setHost(host).setOutcome(outcome).setMessage(message).build();
  }

  /** {@code result} as part of rolling batch {@code batch}. */
  public static HostResult inBatch(HostResult result, int batch) {
    return result.toBuilder().setBatch(batch).build();
  }

  /** A FleetReply with these results. */
  public static Reply fleet(boolean stoppedEarly, HostResult... results) {
    return Reply.newBuilder()
        .setFleet(
            FleetReply.newBuilder().addAllResults(List.of(results)).setStoppedEarly(stoppedEarly))
        .build();
  }

  /** A connected host with labels, endpoint, version and counts. */
  public static HostStatus host(String name, long lastSeenMs) {
    return HostStatus.newBuilder()
        .setHost(name)
        .putAllLabels(Map.of("role", "web"))
        .setEndpoint("tcp://10.0.0.2:7700")
        .setConnection(HostConnection.HOST_CONNECTION_CONNECTED)
        .setLastSeenMs(lastSeenMs)
        .setAgentVersion("0.1.0")
        .setInstances(4)
        .setRunning(3)
        .build();
  }

  /** A HostsReply with hosts named {@code names}. */
  public static Reply hosts(String... names) {
    HostsReply.Builder b = HostsReply.newBuilder();
    for (String name : names) {
      b.addHosts(host(name, Replies.CREATED_AT_MS));
    }
    return Reply.newBuilder().setHosts(b).build();
  }

  /** A controller's PingReply with its event endpoint in {@code home}. */
  public static Reply controllerPing(Path home) {
    return Reply.newBuilder()
        .setPing(
            PingReply.newBuilder()
                .setRole("controller")
                .setControlEndpoint("ipc://" + home.resolve("ctl.sock"))
                .setEventsEndpoint("ipc://" + home.resolve("ctl-pub.sock")))
        .build();
  }
}
