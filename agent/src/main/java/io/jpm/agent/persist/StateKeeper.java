package io.jpm.agent.persist;

import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.CommandException.Failure;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.RestoreReport;
import io.jpm.agent.supervision.StateExport;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.transport.StateCommands;
import io.jpm.messages.v1.AgentState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Keeps one agent's state on disk: restores state.pb at start, rewrites it after every change, and
 * carries out `save`, `resurrect` and `handover`.
 *
 * <p>Coalescing: the supervisor's change listener runs on the loop thread and only schedules a
 * write {@link #COALESCE} later, unless one is already scheduled. The write asks the loop for the
 * export at that moment (clearing the flag in the same loop task, so a later change schedules the
 * next write) and writes it on the keeper's own thread. A burst of changes thus costs one write,
 * the loop thread never touches a file, and the file is at most one write behind the last change.
 *
 * <p>All file writes happen on that one thread, in order, so an older export never lands after a
 * newer one. {@link #persistFinal()} makes the export that freezes supervision the last one.
 */
public final class StateKeeper implements StateCommands, AutoCloseable {
  /** Changes within this window after the first one cost one write. */
  public static final Duration COALESCE = Duration.ofMillis(50);

  private static final Logger LOG = Logger.getLogger(StateKeeper.class.getName());
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final StateStore state;
  private final StateStore dump;
  private final SupervisorLoop loop;
  private final Supervisor supervisor;
  private final InstantSource clock;
  private final Duration deadline;
  private final ScheduledThreadPoolExecutor writer;
  private final AtomicLong writes = new AtomicLong();
  private boolean writeScheduled; // loop thread only
  private boolean failing; // writer thread only: a failing write is logged once, not per change
  private volatile boolean frozen;
  private volatile boolean handedOver;
  private CompletableFuture<Void> finalWrite; // guarded by this

  /**
   * A keeper of {@code state} (state.pb) and {@code dump} (dump.pb) for one supervisor.
   *
   * @param deadline how long a write waits for the loop's export before giving up
   */
  public StateKeeper(
      StateStore state,
      StateStore dump,
      SupervisorLoop loop,
      Supervisor supervisor,
      InstantSource clock,
      Duration deadline) {
    this.state = state;
    this.dump = dump;
    this.loop = loop;
    this.supervisor = supervisor;
    this.clock = clock;
    this.deadline = deadline;
    this.writer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "jpm-state-writer");
              t.setDaemon(true);
              return t;
            });
    // Shutting down drops scheduled writes; the write under way finishes.
    writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * At agent start: restores the state a previous agent left in state.pb (re-adopting its
   * processes) and from then on persists every change. A corrupt state.pb is set aside and logged,
   * and the agent starts with no apps.
   *
   * @throws IOException when state.pb exists but cannot be read at all (e.g. permissions)
   */
  public RestoreReport restore() throws IOException {
    state.discardUnfinishedWrites();
    dump.discardUnfinishedWrites();
    StateExport saved;
    try {
      saved =
          state.read().map(p -> StateProtos.fromProto(p, LOG::warning)).orElse(StateExport.empty());
    } catch (CorruptStateException e) {
      LOG.warning(e.getMessage() + "; starting with no apps");
      saved = StateExport.empty();
    }
    StateExport restored = saved;
    RestoreReport report =
        await(
            loop.call(
                () -> {
                  RestoreReport r = supervisor.restore(restored);
                  supervisor.onChange(this::changed);
                  changed();
                  return CompletableFuture.completedFuture(r);
                }));
    if (!saved.apps().isEmpty()) {
      LOG.info(
          () ->
              "restored "
                  + restored.apps().size()
                  + " app(s) from "
                  + state.file()
                  + ": "
                  + report.adopted()
                  + " instance(s) re-adopted, "
                  + report.started()
                  + " started again, "
                  + report.stopped()
                  + " stopped");
    }
    return report;
  }

  /** State files written so far (state.pb only), for tests and diagnostics. */
  public long writes() {
    return writes.get();
  }

  /** True once a handover was asked for: the agent must then exit without stopping apps. */
  public boolean handedOver() {
    return handedOver;
  }

  /**
   * Freezes supervision (the loop runs nothing after the export it takes) and writes that export as
   * the final state, for a successor to re-adopt. Later calls return the same future.
   */
  public synchronized CompletableFuture<Void> persistFinal() {
    if (finalWrite == null) {
      frozen = true;
      finalWrite =
          loop.call(
                  () -> {
                    StateExport last = supervisor.export();
                    // Nothing may happen after this export, e.g. a restart the file does not know.
                    loop.close();
                    return CompletableFuture.completedFuture(last);
                  })
              .thenAcceptAsync(
                  last -> {
                    try {
                      writeState(last);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  },
                  writer);
    }
    return finalWrite;
  }

  @Override
  public CompletableFuture<Void> handover() {
    handedOver = true;
    return persistFinal();
  }

  @Override
  public CompletableFuture<Saved> save() {
    return loop.call(() -> CompletableFuture.completedFuture(supervisor.export()))
        .thenApplyAsync(
            export -> {
              try {
                dump.write(StateProtos.toProto(export, clock.instant()));
              } catch (IOException e) {
                throw new IllegalStateException("cannot write " + dump.file() + ": " + e, e);
              }
              return new Saved(dump.file(), export.apps().size());
            },
            writer);
  }

  @Override
  public CompletableFuture<List<InstanceSnapshot>> resurrect() {
    return CompletableFuture.supplyAsync(this::readDump, writer)
        .thenCompose(saved -> loop.call(() -> supervisor.resurrect(saved)));
  }

  /** For `jpm kill`: stops persisting and removes state.pb, so the next agent starts empty. */
  public void forget() {
    frozen = true;
    stopWriter();
    try {
      state.delete();
    } catch (IOException e) {
      LOG.warning("cannot remove " + state.file() + ": " + e.getMessage());
    }
  }

  /** Stops persisting; a write under way finishes first. */
  @Override
  public void close() {
    frozen = true;
    stopWriter();
  }

  /** Called by the supervisor on the loop thread after every change. */
  private void changed() {
    if (writeScheduled || frozen) {
      return;
    }
    writeScheduled = true;
    schedule(COALESCE);
  }

  private void schedule(Duration delay) {
    try {
      var unused = writer.schedule(this::writeCurrent, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: the final state is, or was, written by whoever closes.
    }
  }

  /** On the writer thread: writes the export of this moment. */
  private void writeCurrent() {
    if (frozen) {
      return;
    }
    StateExport now;
    try {
      now =
          loop.call(
                  () -> {
                    writeScheduled = false;
                    return CompletableFuture.completedFuture(supervisor.export());
                  })
              .get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      LOG.warning("no state to write: the supervisor did not answer (" + e + ")");
      return;
    }
    try {
      writeState(now);
      if (failing) {
        LOG.info("writing " + state.file() + " works again");
        failing = false;
      }
    } catch (IOException e) {
      if (!failing) {
        LOG.warning("cannot write " + state.file() + ": " + e + "; retrying every " + RETRY);
        failing = true;
      }
      if (!frozen) {
        schedule(RETRY);
      }
    }
  }

  private void writeState(StateExport export) throws IOException {
    AgentState file = StateProtos.toProto(export, clock.instant());
    state.write(file);
    writes.incrementAndGet();
  }

  private StateExport readDump() {
    Optional<AgentState> saved;
    try {
      saved = dump.read();
    } catch (CorruptStateException e) {
      throw new CommandException(Failure.INVALID_ARGUMENT, "cannot resurrect: " + e.getMessage());
    } catch (IOException e) {
      throw new CommandException(
          Failure.INVALID_ARGUMENT, "cannot read " + dump.file() + ": " + e.getMessage());
    }
    if (saved.isEmpty()) {
      throw new CommandException(
          Failure.INVALID_ARGUMENT,
          "no saved process list at " + dump.file() + " (save one with `jpm save`)");
    }
    List<String> problems = new ArrayList<>();
    StateExport export = StateProtos.fromProto(saved.get(), problems::add);
    problems.forEach(LOG::warning);
    return export;
  }

  private void stopWriter() {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(2, TimeUnit.SECONDS)) {
        // A write waiting for a loop that has stopped: it would only give up at its deadline.
        writer.shutdownNow();
        writer.awaitTermination(2, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private <T> T await(CompletableFuture<T> f) throws IOException {
    try {
      return f.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while restoring the state", e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IOException("cannot restore the state in " + state.file() + ": " + cause, cause);
    }
  }
}
