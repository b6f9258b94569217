package io.jpm.agent.transport;

import io.jpm.agent.Version;
import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogSink;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.security.CurveServer;
import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import io.jpm.agent.transport.EventQueue.HeartbeatItem;
import io.jpm.agent.transport.EventQueue.Item;
import io.jpm.agent.transport.EventQueue.LogItem;
import io.jpm.agent.transport.EventQueue.MetricsItem;
import io.jpm.agent.transport.EventQueue.StateItem;
import io.jpm.agent.transport.EventQueue.Stop;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The event feed (events.proto): publishes every state change as {@code state.<app>.<instance>},
 * every captured output line as {@code log.<app>.<instance>.<out|err>}, each instance's metrics
 * sample as {@code metrics.<app>.<instance>} and a heartbeat as {@code agent.heartbeat} on an XPUB
 * socket: a PUB that also reports its subscribers' prefixes, so that output nobody subscribed to is
 * not even cut into lines ({@link #wants}).
 *
 * <p>Concurrency contract: {@link #stateChanged} is called on the supervisor loop thread and never
 * blocks: it numbers the change and offers it to a bounded queue, and when the queue is full the
 * change is dropped and counted (subscribers see the gap in seq and re-list). One publisher thread
 * owns the socket and drains the queue. {@link #line} is called on pump threads, and likewise never
 * blocks: lines have their own share of the queue and their own seq, and the log files are the
 * source of truth when lines are dropped. {@link #metrics} is called on the metrics reporter thread
 * and never blocks either; a dropped sample is replaced by the next interval's.
 *
 * <p>With a remote endpoint ({@code jpm agent --bind}) the same thread also owns a second PUB, a
 * CURVE server on TCP, and sends every event to both.
 */
public final class StatePublisher implements EventSink, LogSink, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(StatePublisher.class.getName());
  private static final int LINGER_MS = 200;
  // Drops a peer that connects and never completes the ZMTP handshake.
  private static final int HANDSHAKE_MS = 5_000;
  // How soon a new subscription is seen while no event is published (subscriptions are read from
  // the XPUB sockets on the publisher thread, between events).
  private static final long SUBSCRIPTIONS_NS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ZContext ctx;
  private final String endpoint;
  private final AgentIdentity identity;
  private final Supplier<CompletableFuture<int[]>> counts;
  private final Duration heartbeatEvery;
  private final InstantSource clock;
  private final EventQueue queue;
  private final Subscriptions subscriptions = new Subscriptions();
  private final CurveServer remoteCurve;
  private final String remoteBind;
  private final CompletableFuture<String> bound = new CompletableFuture<>();
  private final CompletableFuture<String> remoteBound = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closing;
  private long heartbeatSeq;
  private long lastSentStateSeq;

  private StatePublisher(
      ZContext ctx,
      String endpoint,
      AgentIdentity identity,
      Supplier<CompletableFuture<int[]>> counts,
      Duration heartbeatEvery,
      int capacity,
      InstantSource clock,
      String remoteBind,
      CurveServer remoteCurve) {
    this.ctx = ctx;
    this.endpoint = endpoint;
    this.remoteBind = remoteBind;
    this.remoteCurve = remoteCurve;
    this.identity = identity;
    this.counts = counts;
    this.heartbeatEvery = heartbeatEvery;
    this.clock = clock;
    this.queue = new EventQueue(capacity);
    this.thread = new Thread(this::run, "jpm-events");
    thread.setDaemon(true);
  }

  /**
   * Binds the PUB socket and starts publishing.
   *
   * @param counts instance and running counts for heartbeats, as {@code {instances, running}}; read
   *     on the supervisor loop thread, so it returns a future
   * @param capacity state changes that may wait for the socket before new ones are dropped
   * @throws IOException when the endpoint cannot be bound
   */
  public static StatePublisher start(
      ZContext ctx,
      String endpoint,
      AgentIdentity identity,
      Supplier<CompletableFuture<int[]>> counts,
      Duration heartbeatEvery,
      int capacity,
      InstantSource clock)
      throws IOException {
    return start(
        new StatePublisher(
            ctx, endpoint, identity, counts, heartbeatEvery, capacity, clock, null, null));
  }

  /**
   * Binds the local PUB socket and a CURVE-server PUB on {@code remoteBind} (the context's ZAP
   * handler must already run), and starts publishing to both; see {@link #start}.
   */
  public static StatePublisher startWithRemote(
      ZContext ctx,
      String endpoint,
      AgentIdentity identity,
      Supplier<CompletableFuture<int[]>> counts,
      Duration heartbeatEvery,
      int capacity,
      InstantSource clock,
      String remoteBind,
      CurveServer remoteCurve)
      throws IOException {
    return start(
        new StatePublisher(
            ctx,
            endpoint,
            identity,
            counts,
            heartbeatEvery,
            capacity,
            clock,
            remoteBind,
            remoteCurve));
  }

  private static StatePublisher start(StatePublisher p) throws IOException {
    p.thread.start();
    try {
      p.bound.get(30, TimeUnit.SECONDS);
      return p;
    } catch (ExecutionException | TimeoutException | InterruptedException e) {
      p.close();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot bind the event socket " + p.endpoint + ": " + cause, cause);
    }
  }

  /** Called on the supervisor loop thread; never blocks. */
  @Override
  public void stateChanged(
      InstanceSnapshot snapshot, ProcessState previous, String reason, boolean deleted) {
    if (!queue.offerState(clock.millis(), snapshot, previous, reason, deleted)) {
      long n = queue.dropped();
      if (n == 1 || n % 1000 == 0) {
        LOG.warning(() -> "event queue full: dropped " + n + " state change(s) so far");
      }
    }
  }

  /** Called on pump threads; never blocks. */
  @Override
  public void line(CapturedLine line) {
    if (!queue.offerLine(clock.millis(), line)) {
      long n = queue.droppedLines();
      if (n == 1 || n % 100_000 == 0) {
        LOG.info(
            () -> "event queue full: dropped " + n + " output line(s) so far (not from files)");
      }
    }
  }

  /** Only while a subscriber's topics cover the stream's {@code log.} topic. */
  @Override
  public boolean wants(String app, int id, int index, LogStream stream) {
    return subscriptions.wants(logTopic(app, index, stream));
  }

  private static String logTopic(String app, int index, LogStream stream) {
    return "log." + app + "." + index + "." + stream.word();
  }

  /** Called on the metrics reporter thread with every instance's sample; never blocks. */
  public void metrics(List<InstanceSnapshot> snapshots) {
    long atMs = clock.millis();
    for (InstanceSnapshot s : snapshots) {
      if (!queue.offerMetrics(atMs, s)) {
        long n = queue.droppedMetrics();
        if (n == 1 || n % 10_000 == 0) {
          LOG.info(() -> "event queue full: dropped " + n + " metrics sample(s) so far");
        }
      }
    }
  }

  /** State changes dropped because the queue was full. */
  public long droppedStateChanges() {
    return queue.dropped();
  }

  /** The bound endpoint. */
  public String endpoint() {
    return bound.getNow(endpoint);
  }

  /** The bound CURVE TCP endpoint; empty when there is none. */
  public String remoteEndpoint() {
    return remoteBound.getNow("");
  }

  private void run() {
    List<ZMQ.Socket> pubs = new ArrayList<>();
    try {
      pubs.add(bindPub(endpoint, null));
      if (remoteBind != null) {
        pubs.add(bindPub(remoteBind, remoteCurve));
        remoteBound.complete(pubs.get(1).getLastEndpoint());
      }
      bound.complete(pubs.get(0).getLastEndpoint());
    } catch (RuntimeException e) {
      pubs.forEach(ZMQ.Socket::close);
      bound.completeExceptionally(e);
      return;
    }
    try {
      publishUntilClosed(pubs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ZMQException e) {
      LOG.log(Level.SEVERE, "event publisher stopped", e);
    } finally {
      pubs.forEach(ZMQ.Socket::close);
    }
  }

  private ZMQ.Socket bindPub(String where, CurveServer curve) {
    // XPUB rather than PUB: it tells which topics are subscribed (see wants).
    ZMQ.Socket pub = ctx.createSocket(SocketType.XPUB);
    try {
      pub.setLinger(LINGER_MS);
      pub.setHandshakeIvl(HANDSHAKE_MS);
      if (curve != null) {
        curve.apply(pub);
      }
      if (!pub.bind(where)) {
        throw new IllegalStateException(where + ": errno " + pub.errno());
      }
      return pub;
    } catch (RuntimeException e) {
      pub.close();
      throw e;
    }
  }

  private void publishUntilClosed(List<ZMQ.Socket> pub) throws InterruptedException {
    long nextBeat = System.nanoTime() + heartbeatEvery.toNanos();
    while (!closing) {
      Item item = queue.poll(Math.max(0, Math.min(SUBSCRIPTIONS_NS, nextBeat - System.nanoTime())));
      readSubscriptions(pub);
      if (item != null) {
        publish(pub, item);
      }
      if (System.nanoTime() - nextBeat >= 0) {
        requestHeartbeat();
        nextBeat += heartbeatEvery.toNanos();
      }
    }
    // Send what the last commands produced (e.g. the final "stopped" states) before closing.
    Item item;
    while ((item = queue.poll()) != null) {
      publish(pub, item);
    }
  }

  private void readSubscriptions(List<ZMQ.Socket> pubs) {
    for (ZMQ.Socket pub : pubs) {
      byte[] message;
      while ((message = pub.recv(ZMQ.DONTWAIT)) != null) {
        subscriptions.apply(message);
      }
    }
  }

  private void requestHeartbeat() {
    var unused =
        counts
            .get()
            .thenAccept(c -> queue.offer(new HeartbeatItem(c[0], c[1])))
            .exceptionally(
                e -> {
                  LOG.log(Level.FINE, "no counts for the heartbeat", e);
                  return null;
                });
  }

  private void publish(List<ZMQ.Socket> pub, Item item) {
    try {
      send(pub, item);
    } catch (ZMQException e) {
      throw e;
    } catch (RuntimeException e) {
      // A bug in one event must not silence the feed for good.
      LOG.log(Level.SEVERE, "cannot publish " + item, e);
    }
  }

  private void send(List<ZMQ.Socket> pubs, Item item) {
    Event.Builder event = Event.newBuilder().setHost(identity.host()).setRunId(identity.runId());
    String topic;
    if (item instanceof StateItem s) {
      topic = "state." + s.snapshot().name() + "." + s.snapshot().index();
      event
          .setSeq(s.seq())
          .setAtMs(s.atMs())
          .setState(
              AgentProtos.toProto(
                  s.snapshot(), s.previous(), s.reason(), s.deleted(), identity.host()));
      lastSentStateSeq = s.seq();
    } else if (item instanceof LogItem l) {
      CapturedLine line = l.line();
      topic = logTopic(line.app(), line.index(), line.stream());
      event.setSeq(l.seq()).setAtMs(l.atMs()).setLog(LogProtos.toProto(line));
    } else if (item instanceof MetricsItem m) {
      topic = "metrics." + m.snapshot().name() + "." + m.snapshot().index();
      event.setSeq(m.seq()).setAtMs(m.atMs()).setMetrics(MetricsProtos.toProto(m.snapshot()));
    } else if (item instanceof HeartbeatItem h) {
      topic = "agent.heartbeat";
      event
          .setSeq(++heartbeatSeq)
          .setAtMs(clock.millis())
          .setHeartbeat(
              Heartbeat.newBuilder()
                  .setVersion(Version.software())
                  // A dropped change counts as published: a subscriber then sees the gap.
                  .setLastStateSeq(Math.max(lastSentStateSeq, queue.lastDroppedSeq()))
                  .setInstances(h.instances())
                  .setRunning(h.running())
                  .setStartedAtMs(identity.startedAt().toEpochMilli()));
    } else {
      return;
    }
    // PUB never blocks: at the high-water mark ZeroMQ drops, and seq makes the gap visible.
    byte[] topicBytes = topic.getBytes(StandardCharsets.US_ASCII);
    byte[] body = event.build().toByteArray();
    for (ZMQ.Socket pub : pubs) {
      pub.send(topicBytes, ZMQ.SNDMORE | ZMQ.DONTWAIT);
      pub.send(body, ZMQ.DONTWAIT);
    }
  }

  /** Publishes what is queued, then closes the socket. */
  @Override
  public void close() {
    closing = true;
    // When the queue is full the thread is busy, not waiting, and sees the flag after one item.
    var unused = queue.offer(new Stop());
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
