package io.jpm.controller;

import io.jpm.agent.Version;
import io.jpm.agent.security.AuthorizedKeys;
import io.jpm.agent.security.CurveServer;
import io.jpm.agent.security.HomeKeys;
import io.jpm.agent.security.ZapHandler;
import io.jpm.agent.transport.ControlServer;
import io.jpm.controller.fleet.Enrollment;
import io.jpm.controller.fleet.FanOut;
import io.jpm.controller.fleet.FleetView;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.Inventory;
import io.jpm.controller.fleet.KeyFiles;
import io.jpm.controller.fleet.Timer;
import io.jpm.controller.monitoring.FleetEndpoint;
import io.jpm.controller.transport.AgentLinks;
import io.jpm.controller.transport.AnnounceServer;
import io.jpm.controller.transport.FleetDispatcher;
import io.jpm.messages.v1.PingReply;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZContext;

/**
 * A running controller: follows the hosts of its inventory and accepted key files, answers the
 * control protocol on {@code ipc://JPM_HOME/ctl.sock}, re-publishes every agent event on {@code
 * ipc://JPM_HOME/ctl-pub.sock} and serves the fleet's /metrics. It holds nothing that cannot be
 * rebuilt from those files and the agents, so a restart loses nothing.
 */
public final class Controller implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Controller.class.getName());

  private final Deque<AutoCloseable> parts;
  private final ControlServer server;
  private final List<String> tcpControl;
  private final List<String> announceEndpoints;
  private final AgentLinks links;
  private final FleetView view;
  private final String metricsUrl;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private Controller(
      Deque<AutoCloseable> parts,
      ControlServer server,
      List<String> tcpControl,
      List<String> announceEndpoints,
      AgentLinks links,
      FleetView view,
      String metricsUrl) {
    this.parts = parts;
    this.server = server;
    this.tcpControl = tcpControl;
    this.announceEndpoints = announceEndpoints;
    this.links = links;
    this.view = view;
    this.metricsUrl = metricsUrl;
  }

  /**
   * Starts a controller.
   *
   * @throws IOException when another controller runs for the same JPM_HOME, a socket cannot be
   *     bound, or a file cannot be written
   * @throws IllegalArgumentException when the inventory is wrong (the message names file, entry and
   *     key)
   */
  public static Controller start(ControllerConfig config) throws IOException {
    RemoteBinds remote = RemoteBinds.of(config.binds(), config.announceBinds());
    ControllerPaths paths = config.paths();
    paths.agent().createDirectories();
    List<HostEntry> inventory =
        config.inventory().isPresent()
            ? Inventory.load(config.inventory().get(), false)
            : Inventory.load(paths.defaultInventory(), true);
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      parts.push(lock(paths.lockFile()));
      Files.deleteIfExists(socketFile(paths.controlEndpoint()));
      Files.deleteIfExists(socketFile(paths.eventsEndpoint()));
      HomeKeys keys = HomeKeys.loadOrCreate(paths.home());
      KeyFiles keyFiles = new KeyFiles(paths.keysDir());
      Clock clock = Clock.systemUTC();
      FleetEndpoint metrics = FleetEndpoint.start(config.metricsAddress());
      parts.push(metrics);
      ZContext ctx = new ZContext(1);
      parts.push(ctx);
      if (remote.any()) {
        // Before any CURVE socket binds: without a handler JeroMQ lets every CURVE client in.
        parts.push(ZapHandler.start(ctx, AuthorizedKeys.ofHome(paths.home())));
      }
      CurveServer curve = new CurveServer(keys.keys());
      ScheduledExecutorService timers =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "jpm-fleet-timer");
                t.setDaemon(true);
                return t;
              });
      parts.push(timers::shutdownNow);
      FleetView view = new FleetView(config.heartbeat(), config.pingEvery());
      AgentLinks links =
          AgentLinks.start(
              ctx,
              view,
              metrics.sink(),
              Optional.of(keys.keys()),
              remote.pubBinds(paths.eventsEndpoint()),
              Optional.of(curve),
              clock);
      parts.push(links);
      Runnable rescan = () -> follow(view, links, inventory, keyFiles);
      rescan.run();
      ScheduledFuture<?> rescans =
          timers.scheduleWithFixedDelay(
              guarded(rescan),
              config.rescanEvery().toMillis(),
              config.rescanEvery().toMillis(),
              TimeUnit.MILLISECONDS);
      parts.push(() -> rescans.cancel(false));
      AtomicReference<PingReply> identity = new AtomicReference<>();
      FleetDispatcher dispatcher =
          new FleetDispatcher(view, links, new FanOut(timer(timers), clock), identity::get, clock);
      // A fleet `kill` stops agents, never the controller: nothing to do after it.
      ControlServer server =
          ControlServer.start(ctx, List.of(paths.controlEndpoint()), dispatcher, () -> {});
      parts.push(server);
      List<String> tcpControl = List.of();
      if (!remote.control().isEmpty()) {
        ControlServer tcp =
            ControlServer.startCurve(ctx, remote.control(), curve, dispatcher, () -> {});
        parts.push(tcp);
        tcpControl = tcp.endpoints();
      }
      List<String> announce = List.of();
      if (!remote.announce().isEmpty()) {
        AnnounceServer announcer =
            AnnounceServer.start(
                ctx,
                remote.announce(),
                CurveServer.anyKey(keys.keys()),
                new Enrollment(keyFiles, inventory));
        parts.push(announcer);
        announce = announcer.endpoints();
      }
      List<String> pubs = links.pubEndpoints();
      identity.set(
          PingReply.newBuilder()
              .setHost(config.hostName())
              .setPid(ProcessHandle.current().pid())
              .setVersion(Version.software())
              .setControlEndpoint(paths.controlEndpoint())
              .setEventsEndpoint(paths.eventsEndpoint())
              .setMetricsUrl(metrics.url())
              .setStartedAtMs(Instant.now().toEpochMilli())
              .setRunId(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
              .setPublicKey(keys.publicKey())
              .setRole("controller")
              .setRemoteControlEndpoint(tcpControl.isEmpty() ? "" : tcpControl.get(0))
              .setRemoteEventsEndpoint(pubs.size() > 1 ? pubs.get(1) : "")
              .build());
      Files.writeString(
          paths.pidFile(), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
      parts.push(() -> Files.deleteIfExists(paths.pidFile()));
      return new Controller(parts, server, tcpControl, announce, links, view, metrics.url());
    } catch (IOException | RuntimeException e) {
      closeAll(parts);
      throw e;
    }
  }

  /** The control endpoints: the local one, then the CURVE TCP ones ({@code --bind}). */
  public List<String> controlEndpoints() {
    List<String> out = new ArrayList<>(server.endpoints());
    out.addAll(tcpControl);
    return List.copyOf(out);
  }

  /** The CURVE TCP control endpoints ({@code --bind}), chosen ports filled in. */
  public List<String> tcpControlEndpoints() {
    return tcpControl;
  }

  /** The announce endpoints ({@code --announce-bind}), chosen ports filled in. */
  public List<String> announceEndpoints() {
    return announceEndpoints;
  }

  /** The event (PUB) endpoints. */
  public List<String> eventsEndpoints() {
    return links.pubEndpoints();
  }

  /** The /metrics URL, or "" when not served. */
  public String metricsUrl() {
    return metricsUrl;
  }

  /** The fleet view (for tests and diagnostics). */
  public FleetView view() {
    return view;
  }

  /** Blocks until {@link #close} has finished. */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Stops serving, disconnects from every agent and removes the pid file; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      closeAll(parts);
      terminated.countDown();
    }
  }

  private static void follow(
      FleetView view, AgentLinks links, List<HostEntry> inventory, KeyFiles keys) {
    List<HostEntry> hosts = new ArrayList<>(inventory);
    for (HostEntry accepted : keys.accepted()) {
      if (inventory.stream().noneMatch(e -> e.name().equals(accepted.name()))) {
        hosts.add(accepted);
      }
    }
    links.apply(view.follow(hosts));
    view.pending(keys.pending());
  }

  private static Timer timer(ScheduledExecutorService timers) {
    return (delay, task) -> {
      ScheduledFuture<?> f = timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }

  private static Runnable guarded(Runnable r) {
    return () -> {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "fleet rescan failed", e);
      }
    };
  }

  private static AutoCloseable lock(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("a controller already runs for JPM_HOME " + file.getParent());
    }
    return channel; // closing the channel releases the lock
  }

  private static Path socketFile(String ipcEndpoint) {
    return Path.of(ipcEndpoint.substring("ipc://".length()));
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing the controller", e);
      }
    }
  }
}
