package io.jpm.cli.client;

import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.zeromq.ZContext;

/**
 * The ZeroMQ contexts of the CLI's clients, and the work a one-shot CLI process does ahead.
 *
 * <p>A {@code jpm} call spends most of its time starting up: picocli builds its model on the main
 * thread while the second core idles. {@link #prestart()} uses that core to create the first
 * client's ZeroMQ context (its I/O and reaper threads) and to initialise the protobuf classes every
 * call encodes and decodes. The sockets themselves are connected later, by the client, as before:
 * connecting in the prestart too made JeroMQ's greeting stall (research/java-stack.md §1.9, ~300 ms
 * each) in 7 of 30 `jpm jlist` runs, against 0 of 30, for no gain in the median.
 *
 * <p>In such a process, closing a context (which joins its threads, 10-30 ms) only delays the exit
 * that reclaims it anyway, so {@link #release} closes it on a daemon thread there. Everywhere else
 * (tests, {@code jpm runtime}, training) nothing is prestarted and contexts close at once.
 */
public final class ClientContexts {
  private static final AtomicReference<CompletableFuture<ZContext>> PRESTARTED =
      new AtomicReference<>();

  private static volatile boolean exiting;

  private ClientContexts() {}

  /**
   * Starts the first context and the protobuf classes on a daemon thread; for a process that exits
   * after one command.
   */
  public static void prestart() {
    exiting = true;
    CompletableFuture<ZContext> context = new CompletableFuture<>();
    PRESTARTED.set(context);
    Thread thread =
        new Thread(
            () -> {
              try {
                context.complete(new ZContext(1));
              } catch (RuntimeException e) {
                context.completeExceptionally(e);
              }
              warmMessages();
            },
            "jpm-prestart");
    thread.setDaemon(true);
    thread.start();
  }

  /** A context for one client: the prestarted one the first time, else a new one. */
  static ZContext take() {
    CompletableFuture<ZContext> prestarted = PRESTARTED.getAndSet(null);
    if (prestarted != null) {
      try {
        return prestarted.join();
      } catch (RuntimeException e) {
        // Fall through: a context made here reports its own failure.
      }
    }
    return new ZContext(1);
  }

  /** Closes {@code context}: at once, or in the background in a process about to exit. */
  static void release(ZContext context) {
    if (!exiting) {
      context.close();
      return;
    }
    Thread closer = new Thread(context::close, "jpm-context-close");
    closer.setDaemon(true);
    closer.start();
  }

  /** What every call does with its messages, so their classes are ready when it does. */
  private static void warmMessages() {
    Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build().toByteArray();
    byte[] bytes =
        Request.newBuilder()
            .setCorrelationId("prestart")
            .setList(ListRequest.getDefaultInstance())
            .build()
            .toByteArray();
    Reply reply =
        Reply.newBuilder()
            .setProcesses(
                ProcessList.newBuilder().addProcesses(ProcessInfo.newBuilder().setName("warm")))
            .build();
    try {
      Request.parseFrom(bytes);
      Reply.parseFrom(reply.toByteArray());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
