package io.jpm.controller.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * One thread that owns a set of ZeroMQ sockets: it polls them all (plus a wake-up pipe), hands each
 * received message to its socket's handler, runs tasks submitted from other threads, and calls a
 * tick about every 100 ms. The same pattern as the agent's ControlServer, for any number of
 * sockets.
 *
 * <p>Concurrency contract: {@link #watch}, {@link #unwatch} and the handlers run on the loop thread
 * only; {@link #submit} and {@link #close} may be called from any thread.
 */
final class IoLoop {
  private static final Logger LOG = Logger.getLogger(IoLoop.class.getName());
  private static final int TICK_MS = 100;
  private static final int MAX_BATCH = 256;

  private final ZContext ctx;
  private final Runnable tick;
  private final Thread thread;
  private final Pipe wake;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Map<ZMQ.Socket, Consumer<ZMsg>> watched = new LinkedHashMap<>();
  private volatile boolean closing;
  private volatile Runnable finalizer = () -> {};
  private Runnable init = () -> {};
  private CompletableFuture<?> initFailure = new CompletableFuture<>();
  private boolean dirty = true;

  IoLoop(ZContext ctx, String name, Runnable tick) throws IOException {
    this.ctx = ctx;
    this.tick = tick;
    this.wake = Pipe.open();
    wake.source().configureBlocking(false);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /** Starts the thread, which runs {@code first} before anything else (its failure fails it). */
  void start(Runnable first, CompletableFuture<?> failure) {
    this.init = first;
    this.initFailure = failure;
    thread.start();
  }

  /** Runs {@code task} on the loop thread, soon. */
  void submit(Runnable task) {
    tasks.add(task);
    if (wakePending.compareAndSet(false, true)) {
      try {
        var unused = wake.sink().write(ByteBuffer.wrap(new byte[] {1}));
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot wake the IO thread", e);
      }
    }
  }

  /** Polls {@code socket} and gives every message it receives to {@code handler}. */
  void watch(ZMQ.Socket socket, Consumer<ZMsg> handler) {
    watched.put(socket, handler);
    dirty = true;
  }

  /** Stops polling {@code socket} (before it is closed). */
  void unwatch(ZMQ.Socket socket) {
    if (watched.remove(socket) != null) {
      dirty = true;
    }
  }

  /** Stops the loop: {@code last} runs on the loop thread (closing its sockets), then it ends. */
  void close(Runnable last) {
    finalizer = last;
    closing = true;
    submit(() -> {});
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      wake.source().close();
      wake.sink().close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing the wake-up pipe", e);
    }
  }

  private void run() {
    try {
      init.run();
    } catch (RuntimeException e) {
      initFailure.completeExceptionally(e);
      return;
    }
    ZMQ.Poller poller = null;
    List<ZMQ.Socket> order = new ArrayList<>();
    long nextTick = System.nanoTime();
    try {
      while (!closing) {
        if (dirty) {
          if (poller != null) {
            poller.close();
          }
          order = new ArrayList<>(watched.keySet());
          poller = ctx.createPoller(order.size() + 1);
          poller.register(wake.source(), ZMQ.Poller.POLLIN);
          for (ZMQ.Socket s : order) {
            poller.register(s, ZMQ.Poller.POLLIN);
          }
          dirty = false;
        }
        poller.poll(TICK_MS);
        drainWake();
        runTasks();
        for (int i = 0; i < order.size() && !dirty; i++) {
          if (poller.pollin(i + 1)) {
            receive(order.get(i));
          }
        }
        if (System.nanoTime() - nextTick >= 0) {
          nextTick = System.nanoTime() + TICK_MS * 1_000_000L;
          guarded(tick);
        }
      }
    } catch (ZMQException e) {
      if (!closing) {
        LOG.log(Level.SEVERE, "IO thread stopped", e);
      }
    } finally {
      guarded(finalizer);
      if (poller != null) {
        poller.close();
      }
    }
  }

  private void receive(ZMQ.Socket socket) {
    Consumer<ZMsg> handler = watched.get(socket);
    for (int n = 0; n < MAX_BATCH && handler != null && watched.containsKey(socket); n++) {
      ZMsg msg = ZMsg.recvMsg(socket, ZMQ.DONTWAIT);
      if (msg == null) {
        return;
      }
      guarded(() -> handler.accept(msg));
    }
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      guarded(task);
    }
  }

  private static void guarded(Runnable r) {
    try {
      r.run();
    } catch (ZMQException e) {
      if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
        throw e;
      }
      LOG.log(Level.SEVERE, "fleet IO task failed; going on", e);
    } catch (RuntimeException e) {
      // One bad message or callback must not end every host's connection.
      LOG.log(Level.SEVERE, "fleet IO task failed; going on", e);
    }
  }

  private void drainWake() {
    wakePending.set(false);
    ByteBuffer buf = ByteBuffer.allocate(64);
    try {
      while (wake.source().read(buf) > 0) {
        buf.clear();
      }
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot read the IO thread's wake-up pipe", e);
    }
  }
}
