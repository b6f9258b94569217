package io.jpm.controller.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.agent.Version;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.CurveServer;
import io.jpm.controller.fleet.FleetView;
import io.jpm.controller.fleet.FollowUp;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.HostNotConnectedException;
import io.jpm.controller.fleet.HostSnapshot;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * Every agent connection of the controller, owned by one IO thread: per host a DEALER and a SUB
 * ({@link AgentLink}), and the controller's own PUB on which every agent event is re-published
 * unchanged. Hundreds of hosts mean hundreds of sockets in one poller, not a thread per host.
 *
 * <p>The thread pings hosts that do not answer, subscribes to a host's events once its ping reply
 * names the endpoint, lists its processes when {@link FleetView} says so, and feeds the view and
 * the {@link FleetSink} with everything that arrives. {@link #call} may be used from any thread: it
 * hands the send to the IO thread ({@link IoLoop}) and returns the reply's future.
 */
public final class AgentLinks implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(AgentLinks.class.getName());
  private static final Duration INTERNAL_TIMEOUT = Duration.ofSeconds(5);
  // Pending calls are forgotten this long after their caller's own timeout.
  private static final Duration SLACK = Duration.ofSeconds(5);
  private static final int PUB_HWM = 100_000;

  private final ZContext ctx;
  private final FleetView view;
  private final FleetSink sink;
  private final Optional<CurveKeyPair> own;
  private final InstantSource clock;
  private final IoLoop io;
  private final Map<String, AgentLink> links = new HashMap<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private ZMQ.Socket pub;
  private long nextId;

  private record Pending(String host, CompletableFuture<Reply> reply, Instant deadline) {}

  private AgentLinks(
      ZContext ctx, FleetView view, FleetSink sink, Optional<CurveKeyPair> own, InstantSource clock)
      throws IOException {
    this.ctx = ctx;
    this.view = view;
    this.sink = sink;
    this.own = own;
    this.clock = clock;
    this.io = new IoLoop(ctx, "jpm-fleet-io", this::onTick);
  }

  /**
   * Binds the controller's PUB to {@code pubBinds} (tcp:// ones as CURVE servers with {@code
   * server}; the context's ZAP handler must run) and starts the IO thread.
   *
   * @param own the controller's key pair, for tcp:// hosts; empty when it has none
   * @return the links; {@link #pubEndpoints()} has the bound endpoints
   * @throws IOException when an endpoint cannot be bound
   */
  public static AgentLinks start(
      ZContext ctx,
      FleetView view,
      FleetSink sink,
      Optional<CurveKeyPair> own,
      List<String> pubBinds,
      Optional<CurveServer> server,
      InstantSource clock)
      throws IOException {
    AgentLinks links = new AgentLinks(ctx, view, sink, own, clock);
    CompletableFuture<List<String>> bound = new CompletableFuture<>();
    links.io.start(() -> bound.complete(links.bindPub(pubBinds, server)), bound);
    try {
      links.pubEndpoints = bound.get(30, TimeUnit.SECONDS);
      return links;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      links.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot bind the events socket: " + cause.getMessage(), cause);
    }
  }

  private volatile List<String> pubEndpoints = List.of();

  /** The PUB endpoints actually bound, in bind order. */
  public List<String> pubEndpoints() {
    return pubEndpoints;
  }

  /** Opens links to {@code opened} and closes those of {@code closed} (after FleetView.follow). */
  public void apply(FleetView.Changes changes) {
    io.submit(
        () -> {
          changes.closed().forEach(this::closeLink);
          changes.opened().forEach(this::openLink);
        });
  }

  /**
   * Sends {@code request} to {@code host}; the future fails with {@link HostNotConnectedException}
   * when the host does not answer now. The caller applies its own timeout; the call is forgotten
   * {@code timeout} (plus a margin) after it was sent.
   */
  public CompletableFuture<Reply> call(String host, Request request, Duration timeout) {
    Instant now = clock.instant();
    if (!view.connected(host, now)) {
      String why = view.host(host, now).map(HostSnapshot::problem).orElse("not in the fleet");
      return CompletableFuture.failedFuture(new HostNotConnectedException(host, why));
    }
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    io.submit(() -> send(host, request, timeout, reply));
    return reply;
  }

  private List<String> bindPub(List<String> binds, Optional<CurveServer> server) {
    pub = ctx.createSocket(SocketType.PUB);
    pub.setLinger(0);
    pub.setSndHWM(PUB_HWM);
    pub.setHandshakeIvl(5_000);
    List<String> out = new ArrayList<>();
    for (String endpoint : binds) {
      if (endpoint.startsWith("tcp://")) {
        server
            .orElseThrow(() -> new IllegalStateException("tcp:// needs the CURVE server keys"))
            .apply(pub);
      }
      if (!pub.bind(endpoint)) {
        throw new IllegalStateException(endpoint + ": errno " + pub.errno());
      }
      out.add(pub.getLastEndpoint());
    }
    return List.copyOf(out);
  }

  private void openLink(HostEntry entry) {
    try {
      AgentLink link = AgentLink.open(ctx, entry, own);
      links.put(entry.name(), link);
      io.watch(link.dealer, m -> onReply(link, m));
    } catch (RuntimeException e) {
      LOG.warning(() -> "cannot connect to host " + entry.name() + ": " + e.getMessage());
      view.problem(entry.name(), "cannot connect: " + e.getMessage());
    }
  }

  private void closeLink(String host) {
    AgentLink link = links.remove(host);
    if (link == null) {
      return;
    }
    io.unwatch(link.dealer);
    if (link.sub != null) {
      io.unwatch(link.sub);
    }
    link.close();
    pending.entrySet().removeIf(e -> failIfHost(e.getValue(), host));
    sink.closed(host);
  }

  private static boolean failIfHost(Pending p, String host) {
    if (!p.host().equals(host)) {
      return false;
    }
    p.reply().completeExceptionally(new HostNotConnectedException(host, "removed from the fleet"));
    return true;
  }

  private void send(String host, Request request, Duration timeout, CompletableFuture<Reply> f) {
    AgentLink link = links.get(host);
    if (link == null) {
      f.completeExceptionally(new HostNotConnectedException(host, "not in the fleet"));
      return;
    }
    nextId++;
    String id = "ctl-" + nextId;
    Request stamped =
        request.toBuilder()
            .setCorrelationId(id)
            .setProtocolVersion(Version.PROTOCOL)
            .setClientVersion(Version.software())
            .build();
    if (!link.send(stamped)) {
      // A CURVE refusal looks like no connection to this side: name the likely causes.
      String why =
          link.entry.endpoint().startsWith("tcp://")
              ? "no connection: the agent is down or unreachable, or does not authorize the"
                  + " controller's key (jpm keys authorize KEY --name controller --role operator)"
              : "no connection";
      f.completeExceptionally(new HostNotConnectedException(host, why));
      return;
    }
    pending.put(id, new Pending(host, f, clock.instant().plus(timeout).plus(SLACK)));
  }

  private void onReply(AgentLink link, ZMsg msg) {
    if (msg.size() != 2 || msg.getFirst().size() != 0) {
      LOG.warning(() -> "host " + link.entry.name() + " sent a malformed reply; ignored");
      return;
    }
    Reply reply;
    try {
      reply = Reply.parseFrom(msg.getLast().getData());
    } catch (InvalidProtocolBufferException e) {
      LOG.warning(() -> "host " + link.entry.name() + " sent an unreadable reply: " + e);
      return;
    }
    Pending p = pending.get(reply.getCorrelationId());
    if (p == null || !p.host().equals(link.entry.name())) {
      return; // answered after its caller gave up
    }
    pending.remove(reply.getCorrelationId());
    p.reply().complete(reply);
  }

  private void onEvent(AgentLink link, ZMsg msg) {
    if (msg.size() != 2) {
      return;
    }
    byte[] topic = msg.getFirst().getData();
    byte[] body = msg.getLast().getData();
    // Unchanged: Event.host already names the agent.
    var unused = pub.send(topic, ZMQ.SNDMORE | ZMQ.DONTWAIT) && pub.send(body, ZMQ.DONTWAIT);
    Event event;
    try {
      event = Event.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      LOG.fine(() -> "unreadable event from " + link.entry.name());
      return;
    }
    String host = link.entry.name();
    follow(host, view.event(host, ControllerProtos.fromProto(event), clock.instant()));
    sink.event(host, event);
  }

  private void follow(String host, FollowUp next) {
    switch (next) {
      case LIST -> list(host);
      case PING_AND_LIST -> ping(host, true);
      case NONE -> {}
    }
  }

  private void ping(String host, boolean thenList) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    send(
        host,
        Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build(),
        INTERNAL_TIMEOUT,
        f);
    var unused =
        f.whenComplete(
            (reply, error) -> {
              AgentLink link = links.get(host);
              if (link == null) {
                return;
              }
              if (error != null || !reply.hasPing()) {
                view.problem(host, problem("ping", reply, error));
                return;
              }
              view.pinged(
                  host, ControllerProtos.fromProto(reply.getPing(), link.entry), clock.instant());
              String events = view.host(host, clock.instant()).orElseThrow().eventsEndpoint();
              if (!events.equals(link.subEndpoint)) {
                if (link.sub != null) {
                  io.unwatch(link.sub);
                }
                link.subscribe(events);
                io.watch(link.sub, m -> onEvent(link, m));
              }
              if (thenList) {
                list(host);
              }
            });
  }

  private void list(String host) {
    CompletableFuture<Reply> f = new CompletableFuture<>();
    send(
        host,
        Request.newBuilder().setList(ListRequest.getDefaultInstance()).build(),
        INTERNAL_TIMEOUT,
        f);
    var unused =
        f.whenComplete(
            (reply, error) -> {
              if (error != null || !reply.hasProcesses()) {
                view.listFailed(host);
                view.problem(host, problem("list", reply, error));
                return;
              }
              var rows = reply.getProcesses().getProcessesList();
              follow(
                  host,
                  view.listed(
                      host,
                      rows.stream().map(ControllerProtos::fromProto).toList(),
                      clock.instant()));
              sink.listed(host, rows);
            });
  }

  private static String problem(String what, Reply reply, Throwable error) {
    if (error != null) {
      return what + " failed: " + error.getMessage();
    }
    return what + " refused: " + reply.getError().getMessage();
  }

  /** Runs about every 100 ms on the IO thread: expires calls, pings silent hosts. */
  private void onTick() {
    Instant now = clock.instant();
    pending
        .entrySet()
        .removeIf(
            e -> {
              if (now.isBefore(e.getValue().deadline())) {
                return false;
              }
              e.getValue()
                  .reply()
                  .completeExceptionally(
                      new TimeoutException("no answer from " + e.getValue().host()));
              return true;
            });
    for (String host : view.pingsDue(now)) {
      ping(host, false);
    }
  }

  /** Stops the IO thread and closes every socket. */
  @Override
  public void close() {
    io.close(
        () -> {
          List.copyOf(links.keySet()).forEach(this::closeLink);
          if (pub != null) {
            pub.close();
          }
        });
  }
}
