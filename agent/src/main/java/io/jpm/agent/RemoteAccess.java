package io.jpm.agent;

import io.jpm.agent.security.AuthorizedKey;
import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveClient;
import io.jpm.agent.security.CurveServer;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.security.Role;
import io.jpm.agent.security.ZapHandler;
import io.jpm.agent.transport.AgentIdentity;
import io.jpm.agent.transport.Announcer;
import io.jpm.agent.transport.ControlServer;
import io.jpm.agent.transport.RequestHandler;
import io.jpm.messages.v1.AnnounceRequest;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Reply;
import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.zeromq.ZContext;

/**
 * The agent's network side ({@code jpm agent --bind}): this home's key pair, the ZAP handler over
 * keys/authorized (plus the controller's key, in memory), the CURVE control server and the
 * announcer. Every part it starts goes on the agent's part stack, the ZAP handler first so that it
 * closes after the sockets it guards.
 */
final class RemoteAccess {
  /** How often an agent announces itself to its controller. */
  static final Duration ANNOUNCE_EVERY = Duration.ofSeconds(5);

  private final AgentNetwork network;
  private final HomeKeys keys;
  private final CurveServer curve;
  private final AtomicReference<RequestHandler> handler = new AtomicReference<>();

  private RemoteAccess(AgentNetwork network, HomeKeys keys) {
    this.network = network;
    this.keys = keys;
    this.curve = new CurveServer(keys.keys());
  }

  /**
   * Loads the keys and starts the ZAP handler when the agent binds TCP endpoints; null otherwise.
   */
  static RemoteAccess setUp(AgentConfig config, ZContext ctx, Deque<AutoCloseable> parts)
      throws IOException {
    AgentNetwork network = config.network();
    if (network.bind().isEmpty()) {
      return null;
    }
    HomeKeys keys = HomeKeys.loadOrCreate(config.paths().home());
    AuthorizedKeys authorized = AuthorizedKeys.ofHome(config.paths().home());
    network
        .controller()
        .ifPresent(
            c ->
                authorized.allowInMemory(
                    new AuthorizedKey(Role.OPERATOR, c.publicKey(), "controller")));
    parts.push(ZapHandler.start(ctx, authorized));
    return new RemoteAccess(network, keys);
  }

  /** The CURVE settings of the agent's TCP sockets. */
  CurveServer curve() {
    return curve;
  }

  /** Where the events PUB binds. */
  String eventsBind() {
    return network.eventsBind().orElseThrow();
  }

  /**
   * Binds the CURVE control server. Requests wait for {@link #serve}: until then (microseconds, at
   * start) they are answered SHUTTING_DOWN-like with "starting".
   */
  ControlServer startControl(ZContext ctx, Deque<AutoCloseable> parts, Runnable afterKill)
      throws IOException {
    ControlServer server =
        ControlServer.startCurve(
            ctx,
            List.of(network.controlBind().orElseThrow()),
            curve,
            request -> {
              RequestHandler h = handler.get();
              return h != null ? h.handle(request) : starting();
            },
            afterKill);
    parts.push(server);
    return server;
  }

  /** Hands the control server's requests to {@code dispatcher} from now on. */
  void serve(RequestHandler dispatcher) {
    handler.set(dispatcher);
  }

  /** {@code identity} with the TCP endpoints and this home's public key. */
  AgentIdentity identify(AgentIdentity identity, ControlServer control, String eventsEndpoint) {
    return identity.withRemote(control.endpoints().get(0), eventsEndpoint, keys.publicKey());
  }

  /** Starts announcing the agent to its controller, when it has one. */
  void announce(ZContext ctx, Deque<AutoCloseable> parts, AgentIdentity identity) {
    network
        .controller()
        .ifPresent(
            c ->
                parts.push(
                    Announcer.start(
                        ctx,
                        c.endpoint(),
                        new CurveClient(c.publicKey(), keys.keys()),
                        AnnounceRequest.newBuilder()
                            .setHost(identity.host())
                            .putAllLabels(identity.labels())
                            .setControlEndpoint(identity.remoteControlEndpoint())
                            .setEventsEndpoint(identity.remoteEventsEndpoint())
                            .setVersion(Version.software())
                            .setPublicKey(identity.publicKey())
                            .build(),
                        ANNOUNCE_EVERY)));
  }

  private static CompletableFuture<Reply> starting() {
    return CompletableFuture.completedFuture(
        Reply.newBuilder()
            .setError(
                io.jpm.messages.v1.Error.newBuilder()
                    .setCode(ErrorCode.ERROR_CODE_SHUTTING_DOWN)
                    .setMessage("the agent is starting; try again"))
            .build());
  }
}
