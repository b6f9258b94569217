package io.jpm.controller.transport;

import io.jpm.agent.transport.RequestHandler;
import io.jpm.controller.fleet.BatchSize;
import io.jpm.controller.fleet.FanOut;
import io.jpm.controller.fleet.FleetResult;
import io.jpm.controller.fleet.FleetView;
import io.jpm.controller.fleet.HostPattern;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.HostsReply;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * What the controller answers (behind the agent's ControlServer, so framing, size limits and
 * version checks are the agent's): PingRequest as role "controller", HostsRequest from the fleet
 * view, and every other command as a fleet command: sent to the hosts of its FleetSelection (all
 * hosts when it has none), rolling for restart and reload, answered with a FleetReply.
 */
public final class FleetDispatcher implements RequestHandler {
  /** Per-host timeout when the request does not set one. */
  public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofSeconds(60);

  private final FleetView view;
  private final AgentLinks links;
  private final FanOut fanOut;
  private final Supplier<PingReply> identity;
  private final InstantSource clock;

  /**
   * @param identity the controller's ping reply (endpoints, version, run id)
   */
  public FleetDispatcher(
      FleetView view,
      AgentLinks links,
      FanOut fanOut,
      Supplier<PingReply> identity,
      InstantSource clock) {
    this.view = view;
    this.links = links;
    this.fanOut = fanOut;
    this.identity = identity;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Reply> handle(Request request) {
    return switch (request.getCommandCase()) {
      case PING -> done(Reply.newBuilder().setPing(identity.get()).build());
      case HOSTS -> hosts(request.getHosts().getHosts());
      case ANNOUNCE ->
          done(
              error(
                  ErrorCode.ERROR_CODE_INVALID_ARGUMENT,
                  "announcements go to the controller's announce endpoint (--announce-bind)"));
      default -> fleet(request);
    };
  }

  private CompletableFuture<Reply> hosts(String pattern) {
    HostPattern p;
    try {
      p = HostPattern.parse(pattern);
    } catch (IllegalArgumentException e) {
      return done(error(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, e.getMessage()));
    }
    HostsReply.Builder out = HostsReply.newBuilder();
    view.snapshots(clock.instant()).stream()
        .filter(h -> p.matches(h.name(), h.labels()))
        .forEach(h -> out.addHosts(ControllerProtos.toProto(h)));
    return done(Reply.newBuilder().setHosts(out).build());
  }

  private CompletableFuture<Reply> fleet(Request request) {
    FleetSelection selection = request.getFleet();
    HostPattern pattern;
    BatchSize batch;
    try {
      pattern = HostPattern.parse(selection.getHosts());
      batch = BatchSize.parse(selection.getBatch());
    } catch (IllegalArgumentException e) {
      return done(error(ErrorCode.ERROR_CODE_INVALID_ARGUMENT, e.getMessage()));
    }
    List<String> hosts = view.select(pattern);
    if (hosts.isEmpty()) {
      String what =
          pattern.toString().isEmpty()
              ? "the fleet has no hosts"
              : "no host matches '" + pattern + "'";
      return done(error(ErrorCode.ERROR_CODE_UNKNOWN_TARGET, what));
    }
    Duration timeout =
        selection.getHostTimeoutMs() == 0
            ? DEFAULT_HOST_TIMEOUT
            : Duration.ofMillis(selection.getHostTimeoutMs());
    Request forHosts = request.toBuilder().clearFleet().build();
    FanOut.HostCall<Reply> call = host -> links.call(host, forHosts, timeout);
    boolean rolling = request.hasRestart() || request.hasReload();
    CompletableFuture<FleetResult<Reply>> result =
        rolling
            ? fanOut.rolling(batch.batches(hosts), timeout, call, FleetDispatcher::failure)
            : fanOut.all(hosts, timeout, call, FleetDispatcher::failure);
    return result.thenApply(r -> Reply.newBuilder().setFleet(ControllerProtos.toProto(r)).build());
  }

  /** The agent's error as one line, or null when the reply is a success. */
  static String failure(Reply reply) {
    if (!reply.hasError()) {
      return null;
    }
    return reply
            .getError()
            .getCode()
            .name()
            .replaceFirst("^ERROR_CODE_", "")
            .toLowerCase(java.util.Locale.ROOT)
        + ": "
        + reply.getError().getMessage();
  }

  private static Reply error(ErrorCode code, String message) {
    return Reply.newBuilder()
        .setError(io.jpm.messages.v1.Error.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  private static CompletableFuture<Reply> done(Reply reply) {
    return CompletableFuture.completedFuture(reply);
  }
}
