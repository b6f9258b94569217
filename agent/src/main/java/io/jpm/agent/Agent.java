package io.jpm.agent;

import io.jpm.agent.balancer.BalancerListener;
import io.jpm.agent.balancer.BalancerOptions;
import io.jpm.agent.balancer.BalancingRouter;
import io.jpm.agent.balancer.PortBalancer;
import io.jpm.agent.launch.OsProcessLauncher;
import io.jpm.agent.logs.InstanceLogs;
import io.jpm.agent.logs.LogCommands;
import io.jpm.agent.logs.LogSink;
import io.jpm.agent.monitoring.MetricsReporter;
import io.jpm.agent.monitoring.PrometheusEndpoint;
import io.jpm.agent.persist.StateKeeper;
import io.jpm.agent.persist.StateStore;
import io.jpm.agent.readiness.LoopbackPorts;
import io.jpm.agent.readiness.ReadinessProbes;
import io.jpm.agent.supervision.ExecutorScheduler;
import io.jpm.agent.supervision.ProcessLauncher;
import io.jpm.agent.supervision.ServingPorts;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.transport.AgentIdentity;
import io.jpm.agent.transport.ControlServer;
import io.jpm.agent.transport.RequestDispatcher;
import io.jpm.agent.transport.StatePublisher;
import io.jpm.agent.watch.TreeWatcher;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZContext;

/**
 * One running agent: the supervisor and its loop, the control server, the event publisher and the
 * state keeper, wired together and bound to one JPM_HOME, which it holds locked while it runs. At
 * start it restores the state a previous agent left in state.pb, re-adopting its apps.
 *
 * <p>It stops in one of two ways. {@link #close()} (and a KillRequest, `jpm kill`) stops the apps
 * (waiting at most {@link AgentConfig#stopTimeout()}) and removes state.pb, so the next agent
 * starts empty. {@link #leave()} (SIGTERM/SIGINT through a shutdown hook, and a HandoverRequest)
 * writes the final state and exits WITHOUT stopping apps: they run on in their own sessions and the
 * next agent re-adopts them. Either way sockets are closed, pid and socket files removed and the
 * lock released. An agent embedded in `jpm runtime` stops its apps on SIGTERM/SIGINT too ({@link
 * AgentEmbedding.OnSignal#STOP_APPS}).
 */
public final class Agent implements AutoCloseable {
  // As often as the usage sampler measures (ProcfsSampler: once a second).
  private static final Duration MEMORY_CHECK = Duration.ofSeconds(1);
  private static final Logger LOG = Logger.getLogger(Agent.class.getName());

  private final AgentConfig config;
  private final AgentIdentity identity;
  private final HomeLock lock;
  private final Deque<AutoCloseable> parts;
  private final SupervisorLoop loop;
  private final Supervisor supervisor;
  private final ControlServer server;
  private final StatePublisher publisher;
  private final StateKeeper keeper;
  private final Thread shutdownHook;
  private final AgentEmbedding.OnSignal onSignal;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch terminated = new CountDownLatch(1);

  private Agent(
      AgentConfig config,
      AgentIdentity identity,
      HomeLock lock,
      Deque<AutoCloseable> parts,
      SupervisorLoop loop,
      Supervisor supervisor,
      ControlServer server,
      StatePublisher publisher,
      StateKeeper keeper,
      AgentEmbedding.OnSignal onSignal) {
    this.config = config;
    this.identity = identity;
    this.lock = lock;
    this.parts = parts;
    this.loop = loop;
    this.supervisor = supervisor;
    this.server = server;
    this.publisher = publisher;
    this.keeper = keeper;
    this.onSignal = onSignal;
    this.shutdownHook = new Thread(this::whenSignalled, "jpm-shutdown");
  }

  /**
   * Starts an agent for {@code config.paths()}: locks JPM_HOME, binds the control and event
   * sockets, writes the pid file and installs the SIGTERM/SIGINT hook.
   *
   * @throws IOException when another agent runs for the same JPM_HOME ("an agent already runs for
   *     JPM_HOME ... (pid N)") or a socket or file cannot be set up
   */
  public static Agent start(AgentConfig config, ProcessLauncher launcher, UsageMeter usage)
      throws IOException {
    return start(config, launcher, usage, AgentEmbedding.none());
  }

  /**
   * Starts an agent as {@link #start(AgentConfig, ProcessLauncher, UsageMeter)} does, with {@code
   * embedding}'s sinks told of every state change and output line, and its choice of what a signal
   * does to the apps.
   */
  public static Agent start(
      AgentConfig config, ProcessLauncher launcher, UsageMeter usage, AgentEmbedding embedding)
      throws IOException {
    AgentPaths paths = config.paths();
    paths.createDirectories();
    HomeLock lock = HomeLock.acquire(paths);
    Deque<AutoCloseable> parts = new ArrayDeque<>();
    try {
      // Only the lock holder may remove socket files: they may be a live agent's otherwise.
      Files.deleteIfExists(socketFile(paths.controlEndpoint()));
      Files.deleteIfExists(socketFile(paths.eventsEndpoint()));
      PrometheusEndpoint prometheus = PrometheusEndpoint.start(config.metricsAddress());
      parts.push(prometheus);
      AgentIdentity identity =
          new AgentIdentity(
                  config.hostName(),
                  ProcessHandle.current().pid(),
                  HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()),
                  Instant.now(),
                  paths.controlEndpoint(),
                  paths.eventsEndpoint(),
                  prometheus.url())
              .withLabels(config.network().labels());
      ZContext ctx = new ZContext(1);
      parts.push(ctx);
      RemoteAccess remote = RemoteAccess.setUp(config, ctx, parts);
      SupervisorLoop loop = new SupervisorLoop();
      parts.push(loop);
      ExecutorScheduler scheduler = new ExecutorScheduler(loop);
      parts.push(scheduler);
      AtomicReference<Supervisor> forCounts = new AtomicReference<>();
      Supplier<CompletableFuture<int[]>> counts =
          () -> loop.call(() -> CompletableFuture.completedFuture(forCounts.get().counts()));
      StatePublisher publisher =
          remote == null
              ? StatePublisher.start(
                  ctx,
                  paths.eventsEndpoint(),
                  identity,
                  counts,
                  config.heartbeatInterval(),
                  config.eventQueueCapacity(),
                  Clock.systemUTC())
              : StatePublisher.startWithRemote(
                  ctx,
                  paths.eventsEndpoint(),
                  identity,
                  counts,
                  config.heartbeatInterval(),
                  config.eventQueueCapacity(),
                  Clock.systemUTC(),
                  remote.eventsBind(),
                  remote.curve());
      parts.push(publisher);
      ReadinessProbes probes = new ReadinessProbes();
      parts.push(probes);
      // Public ports listen on every interface, like a pm2 cluster app's.
      BalancingRouter router =
          new BalancingRouter(
              new PortBalancer(BalancerOptions.DEFAULTS, new BalancerListener() {}), "0.0.0.0");
      parts.push(router);
      ServingPorts serving = new ServingPorts(probes, new LoopbackPorts(), router);
      Supervisor supervisor =
          new Supervisor(
              launcher,
              scheduler,
              embedding.statesAfter(publisher),
              usage,
              Clock.systemUTC(),
              loop,
              serving);
      forCounts.set(supervisor);
      checkMemoryEvery(MEMORY_CHECK, scheduler, supervisor);
      LogCommands logs = LogCommands.unsupported();
      if (launcher instanceof OsProcessLauncher os) {
        // Output lines go to the event feed (and whatever the embedding taps) and to the log
        // readiness checks; the log commands work on the launcher's files.
        LogSink feed = embedding.linesAfter(publisher);
        os.capture().publishTo(LogSink.both(feed, probes));
        InstanceLogs instanceLogs = new InstanceLogs(os.capture());
        parts.push(instanceLogs);
        logs = instanceLogs;
      }
      StateKeeper keeper =
          new StateKeeper(
              new StateStore(paths.stateFile(), Clock.systemUTC()),
              new StateStore(paths.dumpFile(), Clock.systemUTC()),
              loop,
              supervisor,
              Clock.systemUTC(),
              config.commandTimeout());
      parts.push(keeper);
      TreeWatcher files = new TreeWatcher();
      parts.push(files);
      loop.call(
              () -> {
                supervisor.watchFilesWith(files);
                return CompletableFuture.completedFuture(null);
              })
          .join();
      // Before the control socket exists: no client ever sees a half-restored agent.
      keeper.restore();
      MetricsReporter reporter =
          new MetricsReporter(
              config.metricsInterval(),
              () -> loop.call(() -> CompletableFuture.completedFuture(supervisor.list(List.of()))),
              List.of(prometheus::update, publisher::metrics));
      parts.push(reporter);
      reporter.start();
      AtomicReference<Agent> self = new AtomicReference<>();
      AgentIdentity full = identity;
      if (remote != null) {
        ControlServer tcp = remote.startControl(ctx, parts, () -> self.get().closeInBackground());
        full = remote.identify(identity, tcp, publisher.remoteEndpoint());
      }
      RequestDispatcher dispatcher =
          new RequestDispatcher(supervisor, loop, full, config.commandTimeout(), logs, keeper);
      if (remote != null) {
        remote.serve(dispatcher);
        remote.announce(ctx, parts, full);
      }
      ControlServer server =
          ControlServer.start(
              ctx, config.controlEndpoints(), dispatcher, () -> self.get().closeInBackground());
      parts.push(server);
      Files.writeString(paths.pidFile(), identity.pid() + "\n", StandardCharsets.US_ASCII);
      Agent agent =
          new Agent(
              config,
              full,
              lock,
              parts,
              loop,
              supervisor,
              server,
              publisher,
              keeper,
              embedding.onSignal());
      self.set(agent);
      Runtime.getRuntime().addShutdownHook(agent.shutdownHook);
      LOG.info(
          () ->
              "agent "
                  + Version.software()
                  + " started: pid "
                  + identity.pid()
                  + ", JPM_HOME "
                  + paths.home()
                  + ", control "
                  + server.endpoints()
                  + ", events "
                  + publisher.endpoint()
                  + (remote == null
                      ? ""
                      : ", TCP (CURVE) control "
                          + agent.identity.remoteControlEndpoint()
                          + ", events "
                          + agent.identity.remoteEventsEndpoint()
                          + ", key "
                          + agent.identity.publicKey())
                  + ", metrics "
                  + (prometheus.url().isEmpty() ? "off" : prometheus.url()));
      return agent;
    } catch (IOException | RuntimeException e) {
      closeAll(parts);
      lock.close();
      throw e;
    }
  }

  /** The control endpoints actually bound (the ipc:// one first; TCP ports filled in). */
  public List<String> controlEndpoints() {
    return server.endpoints();
  }

  /** The event (PUB) endpoint. */
  public String eventsEndpoint() {
    return publisher.endpoint();
  }

  /** Who this agent run is. */
  public AgentIdentity identity() {
    return identity;
  }

  /** Blocks until the agent has stopped (after close, a KillRequest or a signal). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Waits at most {@code timeout}; true when the agent has stopped. */
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /**
   * Stops the apps and the agent and removes state.pb (`jpm kill`); later calls, and {@link
   * #leave()}, wait until the first one has finished.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    try {
      note("agent stopping: stopping apps");
      stopApps();
      keeper.forget();
      release();
      note("agent stopped");
    } finally {
      terminated.countDown();
    }
  }

  /**
   * Writes the final state and stops the agent WITHOUT stopping apps (SIGTERM, SIGINT, handover):
   * they keep running and the next agent for this JPM_HOME re-adopts them. Later calls, and {@link
   * #close()}, wait until the first one has finished.
   */
  public void leave() {
    if (!closing.compareAndSet(false, true)) {
      awaitQuietly();
      return;
    }
    try {
      note("agent stopping: writing the state, leaving apps running for the next agent");
      if (!keeper.handedOver()) {
        // A handover did this before it froze the loop (RequestDispatcher).
        killReloadShadows();
      }
      persistFinal();
      release();
      note("agent stopped (apps left running; the next agent re-adopts them)");
    } finally {
      terminated.countDown();
    }
  }

  /** SIGTERM/SIGINT (the shutdown hook): leave the apps running, or stop them for a runtime. */
  private void whenSignalled() {
    if (onSignal == AgentEmbedding.OnSignal.STOP_APPS) {
      close();
    } else {
      leave();
    }
  }

  /** After a KillRequest or a handover: the reply is on its way, so stop on another thread. */
  private void closeInBackground() {
    Thread t = new Thread(keeper.handedOver() ? this::leave : this::close, "jpm-kill");
    t.start();
  }

  /** A reload's extra process is not in the saved state: it must not outlive the agent. */
  private void killReloadShadows() {
    try {
      int killed =
          loop.call(() -> CompletableFuture.completedFuture(supervisor.killReloadShadows()))
              .get(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
      if (killed > 0) {
        note("killed " + killed + " process(es) of reloads in flight, which the state cannot keep");
      }
    } catch (TimeoutException | ExecutionException e) {
      LOG.log(Level.WARNING, "could not end the reloads in flight", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void persistFinal() {
    try {
      keeper.persistFinal().get(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      Throwable why = e instanceof ExecutionException ? e.getCause() : e;
      LOG.log(
          Level.SEVERE,
          "could not write the final state; the next agent restores the last one written",
          why);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Closes every part, removes the agent's files, and frees JPM_HOME. */
  private void release() {
    closeAll(parts);
    AgentPaths paths = config.paths();
    deleteQuietly(paths.pidFile());
    deleteQuietly(socketFile(paths.controlEndpoint()));
    deleteQuietly(socketFile(paths.eventsEndpoint()));
    // Last: once the lock is free another agent may start and write its own files.
    closeAll(new ArrayDeque<>(List.of(lock)));
    removeShutdownHook();
  }

  private void stopApps() {
    try {
      int stopped =
          loop.call(supervisor::shutdown)
              .get(config.stopTimeout().toMillis(), TimeUnit.MILLISECONDS);
      note("stopped " + stopped + " running instance(s)");
    } catch (TimeoutException e) {
      LOG.warning("apps still stopping after " + config.stopTimeout() + "; leaving them");
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "stopping apps failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Logs a shutdown step, even when SIGTERM made the JDK reset logging meanwhile. */
  private static void note(String line) {
    OneLineLogFormatter.reattachAfterShutdownReset();
    LOG.info(line);
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (we may be running in the hook itself).
    }
  }

  private void awaitQuietly() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeAll(Deque<AutoCloseable> parts) {
    while (!parts.isEmpty()) {
      AutoCloseable part = parts.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + part.getClass().getSimpleName(), e);
      }
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warning("cannot remove " + file + ": " + e.getMessage());
    }
  }

  /** The file behind an {@code ipc://} endpoint. */
  private static Path socketFile(String ipcEndpoint) {
    return Path.of(ipcEndpoint.substring("ipc://".length()));
  }

  /** max_memory_restart: checks the last usage samples on the loop thread, then again later. */
  private static void checkMemoryEvery(
      Duration every, ExecutorScheduler scheduler, Supervisor supervisor) {
    var unused =
        scheduler.schedule(
            every,
            () -> {
              supervisor.enforceMemoryLimits();
              checkMemoryEvery(every, scheduler, supervisor);
            });
  }
}
