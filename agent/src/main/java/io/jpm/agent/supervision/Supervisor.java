package io.jpm.agent.supervision;

import io.jpm.agent.supervision.CommandException.Failure;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Owns every app and instance of one agent (Circus's arbiter) and carries out user commands.
 *
 * <p>Not thread-safe by design: every method runs on the supervisor loop thread, so the process
 * table needs no locks. Commands that wait for processes return futures that the loop completes
 * later; see {@link Waiters}.
 */
public final class Supervisor {
  private final Map<String, AppSpec> apps = new LinkedHashMap<>();
  private final TreeMap<Integer, ManagedInstance> instances = new TreeMap<>();
  private final InstanceDriver driver;
  private final Waiters waiters = new Waiters();
  private final PublicPorts publicPorts;
  private final Reloads reloads;
  private final MemoryLimits memoryLimits;
  private final AppWatches watches;
  private final InstantSource clock;
  private final Executor loop;
  private int nextId;
  private boolean shuttingDown;
  private Runnable changeListener = () -> {};

  /** Wires the supervisor to its ports, without readiness checks, private ports or routing. */
  public Supervisor(
      ProcessLauncher launcher,
      Scheduler scheduler,
      EventSink events,
      UsageMeter usage,
      InstantSource clock,
      Executor loop) {
    this(launcher, scheduler, events, usage, clock, loop, ServingPorts.none());
  }

  /**
   * Wires the supervisor to its ports.
   *
   * @param loop executor of the supervisor loop thread; callbacks from other threads come back
   *     through it
   * @param serving readiness probes, private ports and the traffic router
   */
  public Supervisor(
      ProcessLauncher launcher,
      Scheduler scheduler,
      EventSink events,
      UsageMeter usage,
      InstantSource clock,
      Executor loop,
      ServingPorts serving) {
    this.clock = clock;
    this.driver =
        new InstanceDriver(
            launcher, scheduler, events, usage, clock, loop, serving, apps::get, this::afterChange);
    this.publicPorts = new PublicPorts(serving.router());
    this.reloads = new Reloads(driver, instances, apps::get, loop);
    this.loop = loop;
    this.memoryLimits = new MemoryLimits(usage);
    this.watches = new AppWatches(loop, this::fileChanged);
  }

  /** Watches apps' files (`--watch`) with {@code files} from now on. */
  public void watchFilesWith(FileWatch files) {
    watches.use(files);
    watches.sync(apps);
  }

  /**
   * A watched file of {@code app} changed: its instances that should run are replaced by a reload
   * (graceful with a readiness check, a restart otherwise), and those that crashed (exited for good
   * or errored, not stopped by a user) are started again, as pm2 does: the change may be the fix.
   * Their history names the file.
   */
  private void fileChanged(String app, String file) {
    if (shuttingDown || !apps.containsKey(app)) {
      return;
    }
    List<String> targets = new ArrayList<>();
    List<Integer> crashed = new ArrayList<>();
    for (ManagedInstance mi : instancesOf(app)) {
      ProcessState state = mi.state.state();
      if (mi.state.wantUp() && !reloads.busy(mi.id)) {
        driver.note(mi, "file changed: " + file + " (watch): restarting");
        targets.add(Integer.toString(mi.id));
      } else if (state == ProcessState.EXITED || state == ProcessState.FATAL) {
        driver.note(mi, "file changed: " + file + " (watch): starting it again");
        crashed.add(mi.id);
      }
    }
    if (!targets.isEmpty()) {
      var unused = reload(targets, SpecChanges.NONE, 1);
    }
    if (!crashed.isEmpty()) {
      var unused = startIds(crashed);
    }
  }

  /**
   * Replaces every running instance whose resident memory is above its app's max_memory_restart, by
   * a reload (graceful for apps with a readiness check, a restart otherwise); the instance's
   * history says why. Called after each usage sample.
   */
  public void enforceMemoryLimits() {
    if (shuttingDown) {
      return;
    }
    for (MemoryLimits.Over o : memoryLimits.over(instances.values(), apps::get)) {
      if (reloads.busy(o.id())) {
        continue;
      }
      driver.note(instances.get(o.id()), o.reason());
      var unused = reload(List.of(Integer.toString(o.id())), SpecChanges.NONE, 1);
    }
  }

  /**
   * Adds apps and starts all their instances. Every spec is checked first: if one is invalid or its
   * name is taken, nothing starts. Completes when every new instance is running, or fails with
   * START_FAILED when one could not be started.
   */
  public CompletableFuture<List<InstanceSnapshot>> start(List<AppSpec> specs) {
    refuseWhenShuttingDown();
    checkNewApps(specs);
    publicPorts.apply(specs);
    List<Integer> ids = new ArrayList<>();
    for (AppSpec spec : specs) {
      apps.put(spec.name(), spec);
      for (int i = 0; i < spec.instances(); i++) {
        ids.add(create(spec.name(), i).id);
      }
    }
    return startIds(ids);
  }

  /** Starts existing instances by target (stopped, exited or errored ones; others stay). */
  public CompletableFuture<List<InstanceSnapshot>> startTargets(List<String> targets) {
    refuseWhenShuttingDown();
    return startIds(resolve(targets));
  }

  /** Stops the targeted instances; completes when none of them has a process any more. */
  public CompletableFuture<List<InstanceSnapshot>> stop(List<String> targets) {
    refuseWhenShuttingDown();
    return stopIds(resolve(targets));
  }

  /** Restarts the targeted instances; completes when each runs a new process. */
  public CompletableFuture<List<InstanceSnapshot>> restart(List<String> targets) {
    return restart(targets, SpecChanges.NONE);
  }

  /**
   * Restarts the targeted instances with {@code changes} applied to their apps first. The changes
   * are checked in full before anything happens: a bad one fails the whole restart with
   * INVALID_ARGUMENT and changes nothing. A replacement spec with another instance count also
   * scales its app (as `scale` would): surplus instances, the highest indexes, are deleted and
   * missing ones started. Completes when each remaining targeted instance runs a new process.
   */
  public CompletableFuture<List<InstanceSnapshot>> restart(
      List<String> targets, SpecChanges changes) {
    refuseWhenShuttingDown();
    List<Integer> ids = new ArrayList<>(resolve(targets));
    CompletableFuture<List<InstanceSnapshot>> deleted = applyChanges(ids, changes);
    return restartIds(ids).thenCombine(deleted, (restarted, gone) -> restarted);
  }

  /**
   * Replaces the targeted instances without lowering capacity, {@code parallel} at a time, with
   * {@code changes} applied first as {@link #restart(List, SpecChanges)} does: each running
   * instance of an app with a readiness check gets a replacement next to it and is stopped once
   * that is ready (see {@link Reloads}). Instances not running are started, and apps without a
   * check (and so without a port) are restarted instead and named in the result. Fails with
   * START_FAILED naming the instance and why, when a replacement fails; the old process then goes
   * on serving.
   */
  public CompletableFuture<ReloadResult> reload(
      List<String> targets, SpecChanges changes, int parallel) {
    refuseWhenShuttingDown();
    if (parallel < 1) {
      throw new CommandException(
          Failure.INVALID_ARGUMENT, "parallel must be at least 1, got " + parallel);
    }
    List<Integer> ids = new ArrayList<>(resolve(targets));
    reloads.refuseBusy(ids);
    CompletableFuture<List<InstanceSnapshot>> deleted = applyChanges(ids, changes);
    List<Integer> inPlace = new ArrayList<>();
    List<Integer> restarted = new ArrayList<>();
    Set<String> restartedApps = new TreeSet<>();
    for (int id : ids) {
      ManagedInstance mi = instances.get(id);
      boolean check = apps.get(mi.app).reloadsInPlace();
      (check && mi.state.state() == ProcessState.RUNNING ? inPlace : restarted).add(id);
      if (!check) {
        restartedApps.add(mi.app);
      }
    }
    CompletableFuture<Void> replaced = reloads.replace(members(inPlace), parallel);
    return CompletableFuture.allOf(replaced, restartIds(restarted), deleted)
        .thenApply(x -> new ReloadResult(snapshots(ids), List.copyOf(restartedApps)));
  }

  /**
   * Applies {@code changes} to the apps of the targeted {@code ids}: apps whose replacement spec
   * has another instance count are resized, new instances joining {@code ids}, surplus ones leaving
   * it to be deleted (the returned future). Everything is checked before anything changes.
   */
  private CompletableFuture<List<InstanceSnapshot>> applyChanges(
      List<Integer> ids, SpecChanges changes) {
    Set<String> targeted = new LinkedHashSet<>();
    ids.forEach(id -> targeted.add(instances.get(id).app));
    Map<String, AppSpec> next = changes.plan(apps, targeted);
    List<String> clashes = PublicPorts.clashes(next.values(), apps);
    if (!clashes.isEmpty()) {
      throw new CommandException(Failure.INVALID_ARGUMENT, String.join("; ", clashes));
    }
    publicPorts.apply(next.values());
    apps.putAll(next);
    List<Integer> surplus = new ArrayList<>();
    for (AppSpec replacement : changes.replacements()) {
      resize(replacement, ids, surplus);
    }
    return surplus.isEmpty() ? CompletableFuture.completedFuture(List.of()) : deleteIds(surplus);
  }

  /** Matches an app's instances to its new count: surplus ids out, new instances into ids. */
  private void resize(AppSpec spec, List<Integer> ids, List<Integer> surplus) {
    List<ManagedInstance> current = instancesOf(spec.name());
    for (ManagedInstance mi :
        current.subList(Math.min(spec.instances(), current.size()), current.size())) {
      surplus.add(mi.id);
      ids.remove(Integer.valueOf(mi.id));
    }
    int nextIndex = current.isEmpty() ? 0 : current.get(current.size() - 1).index + 1;
    for (int i = current.size(); i < spec.instances(); i++) {
      ids.add(create(spec.name(), nextIndex++).id);
    }
  }

  private CompletableFuture<List<InstanceSnapshot>> restartIds(List<Integer> ids) {
    reloads.abort(ids, "restarted by request");
    List<ManagedInstance> members = members(ids);
    Map<Integer, Long> oldPids = new LinkedHashMap<>();
    members.forEach(mi -> oldPids.put(mi.id, mi.state.pid()));
    Waiters.Waiter w =
        waiters.add(
            members,
            mi -> mi.state.state() == ProcessState.RUNNING && mi.state.pid() != oldPids.get(mi.id),
            Waiters.failedToStartFromNow(members),
            this::snapshotsOf);
    members.forEach(mi -> driver.apply(mi, new Input.RestartRequested()));
    return waiters.arm(w);
  }

  /** Stops and forgets the targeted instances; completes with their last snapshots. */
  public CompletableFuture<List<InstanceSnapshot>> delete(List<String> targets) {
    refuseWhenShuttingDown();
    return deleteIds(resolve(targets));
  }

  /**
   * Sets an app's instance count (absolute) or changes it (relative). New instances start if the
   * app has any instance wanted up (or none at all); removed ones are the highest indexes. Behind a
   * public port, a removed instance is taken out of rotation and stopped at once, as the old
   * process of a reload is; its open connections stay proxied until they close (up to
   * kill_timeout).
   */
  public CompletableFuture<List<InstanceSnapshot>> scale(String name, int count, boolean delta) {
    refuseWhenShuttingDown();
    AppSpec spec = apps.get(name);
    if (spec == null) {
      throw new CommandException(Failure.UNKNOWN_TARGET, "no app named '" + name + "'");
    }
    List<ManagedInstance> current = instancesOf(name);
    int target = delta ? current.size() + count : count;
    if (target < 1 || target > 1024) {
      throw new CommandException(
          Failure.INVALID_ARGUMENT,
          "cannot scale '" + name + "' to " + target + " instances (1..1024; use stop or delete)");
    }
    apps.put(name, spec.withInstances(target));
    if (target < current.size()) {
      return scaleDown(name, List.copyOf(current.subList(target, current.size())));
    }
    boolean up = current.isEmpty() || current.stream().anyMatch(mi -> mi.state.wantUp());
    List<Integer> added = new ArrayList<>();
    int nextIndex = current.isEmpty() ? 0 : current.get(current.size() - 1).index + 1;
    for (int i = current.size(); i < target; i++) {
      added.add(create(name, nextIndex++).id);
    }
    CompletableFuture<List<InstanceSnapshot>> started =
        up ? startIds(added) : CompletableFuture.completedFuture(List.of());
    return started.thenApply(x -> snapshots(idsOf(name)));
  }

  /**
   * Takes the surplus instances out of rotation and deletes them at once (their stop signal goes
   * out right away, so graceful programs end their open connections themselves); completes once
   * they are gone and their connections have closed (reset after kill_timeout at the latest).
   */
  private CompletableFuture<List<InstanceSnapshot>> scaleDown(
      String name, List<ManagedInstance> surplus) {
    reloads.abort(surplus.stream().map(mi -> mi.id).toList(), "scaled down");
    List<CompletableFuture<?>> waits = new ArrayList<>();
    for (ManagedInstance mi : surplus) {
      waits.add(driver.serving().drain(mi, apps.get(name)));
    }
    waits.add(deleteIds(surplus.stream().map(mi -> mi.id).toList()));
    // Back on the loop thread once all are done (a failed drain or delete must not hang it).
    return CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new))
        .handle((x, e) -> null)
        .thenApplyAsync(x -> snapshots(idsOf(name)), loop);
  }

  /** Sends a signal to the process group of each targeted running instance. */
  public List<InstanceSnapshot> signal(String signal, List<String> targets) {
    String sig =
        Signals.parse(signal)
            .orElseThrow(
                () ->
                    new CommandException(
                        Failure.INVALID_ARGUMENT, "unknown signal '" + signal + "'"));
    List<Integer> ids = resolve(targets);
    List<ManagedInstance> live =
        ids.stream().map(instances::get).filter(mi -> mi.state.state().hasProcess()).toList();
    if (live.isEmpty()) {
      throw new CommandException(
          Failure.REJECTED_IN_STATE, "no targeted instance is running; nothing to signal");
    }
    live.forEach(mi -> driver.signal(mi, sig));
    return snapshots(ids);
  }

  /** Zeroes the restart counters of the targeted instances. */
  public List<InstanceSnapshot> reset(List<String> targets) {
    List<Integer> ids = resolve(targets);
    for (int id : ids) {
      ManagedInstance mi = instances.get(id);
      mi.state = mi.state.reset();
      driver.publish(mi, "counters reset", false);
    }
    changeListener.run();
    return snapshots(ids);
  }

  /** Snapshots of the targeted instances, or of all when no target is given. */
  public List<InstanceSnapshot> list(List<String> targets) {
    return snapshots(targets.isEmpty() ? List.copyOf(instances.keySet()) : resolve(targets));
  }

  /** Full descriptions of the targeted instances. */
  public List<InstanceDetail> describe(List<String> targets) {
    return resolve(targets).stream().map(id -> detail(instances.get(id))).toList();
  }

  /**
   * Who the targeted instances are (all when no target is given), where their output goes and how
   * it is kept: what the log commands (logs, flush, send) need. Read-only.
   */
  public List<LogTarget> logTargets(List<String> targets) {
    List<Integer> ids = targets.isEmpty() ? List.copyOf(instances.keySet()) : resolve(targets);
    return ids.stream()
        .map(instances::get)
        .map(
            mi ->
                new LogTarget(
                    driver.snapshot(mi),
                    driver.logFiles(mi),
                    InstanceDriver.logPolicy(mi, apps.get(mi.app))))
        .toList();
  }

  /**
   * Stops every instance and refuses further commands; completes with the number of instances that
   * were running. Used by `jpm kill` and agent shutdown.
   */
  public CompletableFuture<Integer> shutdown() {
    shuttingDown = true;
    watches.closeAll();
    CompletableFuture<Void> reloadsDone = reloads.abortAll("the agent is shutting down");
    List<Integer> ids = List.copyOf(instances.keySet());
    int running =
        (int) ids.stream().filter(id -> instances.get(id).state.state().hasProcess()).count();
    return stopIds(ids).thenCombine(reloadsDone, (x, y) -> running);
  }

  /**
   * Kills the processes of reloads in flight that are not in the process table, before an agent
   * leaves its apps to the next one (see {@link Reloads#killShadows}); returns how many.
   */
  public int killReloadShadows() {
    return reloads.killShadows();
  }

  /**
   * Registers the one listener told, on the loop thread, after anything that {@link #export()}
   * reports may have changed (states, counters, specs, instances). It must be cheap and must not
   * call back into the supervisor: it only marks the state dirty.
   */
  public void onChange(Runnable listener) {
    this.changeListener = listener;
  }

  /** Everything needed to come back as now: apps, specs, instances, processes, counters. */
  public StateExport export() {
    List<StateExport.App> out = new ArrayList<>();
    for (AppSpec spec : apps.values()) {
      out.add(
          new StateExport.App(
              spec, instancesOf(spec.name()).stream().map(ManagedInstance::export).toList()));
    }
    return new StateExport(nextId, out);
  }

  /**
   * Takes over the state a previous agent left, once, at agent start: every instance comes back
   * with its id, index and counters; a process that still runs (same pid and start time) is adopted
   * and RUNNING again, one that is gone is started again when it was wanted up, and instances not
   * wanted up stay STOPPED (one that was being stopped is adopted, then stopped).
   *
   * @throws IllegalStateException when this supervisor already has apps
   */
  public RestoreReport restore(StateExport saved) {
    if (!apps.isEmpty() || !instances.isEmpty()) {
      throw new IllegalStateException("restore must come before any app is added");
    }
    int maxId = -1;
    for (StateExport.App app : saved.apps()) {
      AppSpec spec = app.spec();
      apps.put(spec.name(), spec);
      publicPorts.restore(spec);
      for (StateExport.Instance si : app.instances()) {
        instances.put(si.id(), ManagedInstance.restored(spec, si));
        maxId = Math.max(maxId, si.id());
      }
    }
    nextId = Math.max(saved.nextId(), maxId + 1);
    // The table is complete before any process is touched, so exits find their instance.
    int adopted = 0;
    int started = 0;
    for (StateExport.App app : saved.apps()) {
      for (StateExport.Instance si : app.instances()) {
        switch (driver.reinstate(instances.get(si.id()), si)) {
          case ADOPTED -> adopted++;
          case STARTED -> started++;
          case LEFT_STOPPED -> {}
        }
      }
    }
    changeListener.run();
    return new RestoreReport(adopted, started, instances.size() - adopted - started);
  }

  /**
   * Adds the saved apps this agent does not have (matched by name), with new ids: instances saved
   * as wanted up are started, the others are created stopped (pm2's resurrect restores stopped apps
   * as stopped). Completes, once the started ones run, with every instance added.
   */
  public CompletableFuture<List<InstanceSnapshot>> resurrect(StateExport saved) {
    refuseWhenShuttingDown();
    List<StateExport.App> missing =
        saved.apps().stream()
            .filter(a -> !apps.containsKey(a.spec().name()) && !a.instances().isEmpty())
            .toList();
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    checkNewApps(missing.stream().map(StateExport.App::spec).toList());
    publicPorts.apply(missing.stream().map(StateExport.App::spec).toList());
    List<Integer> added = new ArrayList<>();
    List<Integer> up = new ArrayList<>();
    for (StateExport.App app : missing) {
      apps.put(app.spec().name(), app.spec().withInstances(app.instances().size()));
      for (StateExport.Instance si : app.instances()) {
        int id = create(app.spec().name(), si.index()).id;
        added.add(id);
        if (si.wantUp()) {
          up.add(id);
        }
      }
    }
    return startIds(up).thenApply(x -> snapshots(added));
  }

  /** Counts of instances and running ones, for heartbeats. */
  public int[] counts() {
    int running =
        (int)
            instances.values().stream()
                .filter(mi -> mi.state.state() == ProcessState.RUNNING)
                .count();
    return new int[] {instances.size(), running};
  }

  private CompletableFuture<List<InstanceSnapshot>> startIds(List<Integer> ids) {
    List<ManagedInstance> members = members(ids);
    Waiters.Waiter w =
        waiters.add(
            members,
            mi -> mi.state.state() == ProcessState.RUNNING,
            Waiters.failedToStartFromNow(members),
            this::snapshotsOf);
    members.forEach(mi -> driver.apply(mi, new Input.StartRequested()));
    return waiters.arm(w);
  }

  private CompletableFuture<List<InstanceSnapshot>> stopIds(List<Integer> ids) {
    reloads.abort(ids, "stopped by request");
    List<ManagedInstance> members = members(ids);
    Waiters.Waiter w = waiters.add(members, Waiters::isDown, Waiters::never, this::snapshotsOf);
    members.forEach(mi -> driver.apply(mi, new Input.StopRequested()));
    return waiters.arm(w);
  }

  private CompletableFuture<List<InstanceSnapshot>> deleteIds(List<Integer> ids) {
    reloads.abort(ids, "deleted by request");
    List<ManagedInstance> members = members(ids);
    Waiters.Waiter w = waiters.add(members, mi -> mi.removed, Waiters::never, this::snapshotsOf);
    for (ManagedInstance mi : members) {
      mi.deleting = true;
      driver.apply(mi, new Input.StopRequested());
    }
    return waiters.arm(w);
  }

  /** Runs after every applied input: finishes deletions, moves reloads on, settles waiters. */
  private void afterChange(ManagedInstance mi) {
    changeListener.run();
    watches.sync(apps);
    if (mi.deleting && Waiters.isDown(mi) && instances.get(mi.id) == mi) {
      driver.cancelTimers(mi);
      instances.remove(mi.id);
      mi.removed = true;
      driver.publish(mi, "deleted", true);
      if (instancesOf(mi.app).isEmpty()) {
        apps.remove(mi.app);
        publicPorts.close(mi.app);
      }
    }
    reloads.changed(mi);
    waiters.settle();
  }

  private ManagedInstance create(String app, int index) {
    ManagedInstance mi =
        new ManagedInstance(nextId++, index, app, apps.get(app).namespace(), clock.instant());
    instances.put(mi.id, mi);
    changeListener.run();
    return mi;
  }

  private void checkNewApps(List<AppSpec> specs) {
    if (specs.isEmpty()) {
      throw new CommandException(Failure.INVALID_ARGUMENT, "no app to start");
    }
    List<String> problems = new ArrayList<>(PublicPorts.clashes(specs, apps));
    List<String> seen = new ArrayList<>();
    for (AppSpec spec : specs) {
      spec.problems().forEach(p -> problems.add("app '" + spec.name() + "': " + p));
      if (apps.containsKey(spec.name()) || seen.contains(spec.name())) {
        problems.add(
            "app '"
                + spec.name()
                + "' already exists (restart it, or delete it before starting it anew)");
      }
      seen.add(spec.name());
    }
    if (!problems.isEmpty()) {
      throw new CommandException(Failure.INVALID_ARGUMENT, String.join("; ", problems));
    }
  }

  private void refuseWhenShuttingDown() {
    if (shuttingDown) {
      throw new CommandException(Failure.SHUTTING_DOWN, "the agent is shutting down");
    }
  }

  private List<Integer> resolve(List<String> targets) {
    return Targets.resolve(targets, instances.values().stream().map(ManagedInstance::key).toList());
  }

  private List<ManagedInstance> instancesOf(String app) {
    return instances.values().stream().filter(mi -> mi.app.equals(app)).toList();
  }

  private List<Integer> idsOf(String app) {
    return instancesOf(app).stream().map(mi -> mi.id).collect(Collectors.toList());
  }

  private List<ManagedInstance> members(List<Integer> ids) {
    return ids.stream().map(instances::get).toList();
  }

  private List<InstanceSnapshot> snapshotsOf(List<ManagedInstance> members) {
    return members.stream().map(driver::snapshot).toList();
  }

  private List<InstanceSnapshot> snapshots(List<Integer> ids) {
    return ids.stream().map(instances::get).filter(mi -> mi != null).map(driver::snapshot).toList();
  }

  private InstanceDetail detail(ManagedInstance mi) {
    AppSpec spec = apps.get(mi.app);
    return new InstanceDetail(
        driver.snapshot(mi), spec, spec.argv(), driver.logFiles(mi), mi.history());
  }
}
