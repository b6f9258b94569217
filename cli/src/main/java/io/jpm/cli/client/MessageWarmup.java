package io.jpm.cli.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;

/**
 * Initialises the protobuf classes every CLI call encodes and decodes, on a second core while
 * picocli builds its model on the main thread (40-80 ms of a warm {@code jpm jlist}, measured).
 *
 * <p>Only that: prestarting the first ZeroMQ context there too was measured and dropped. A context
 * made on another thread, or closed in the background, made {@code jpm jlist} take ~300 ms longer
 * in most runs: HotSpot's exit waits up to 300 ms for threads still in native code (a JeroMQ I/O
 * thread in epoll_wait), so clients close their context before the process exits; and connecting
 * early made JeroMQ's greeting stall (research/java-stack.md §1.9) in 7 of 30 runs.
 */
public final class MessageWarmup {
  private MessageWarmup() {}

  /** Starts the warm-up on a daemon thread. */
  public static void start() {
    Thread thread = new Thread(new Warmup(), "jpm-warmup");
    thread.setDaemon(true);
    thread.start();
  }

  /** The thread's work (a class, not a lambda: linking a call site would cost the main thread). */
  private static final class Warmup implements Runnable {
    @Override
    public void run() {
      Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build().toByteArray();
      byte[] request =
          Request.newBuilder()
              .setCorrelationId("warm-up")
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray();
      byte[] reply =
          Reply.newBuilder()
              .setProcesses(
                  ProcessList.newBuilder().addProcesses(ProcessInfo.newBuilder().setName("warm")))
              .build()
              .toByteArray();
      try {
        Request.parseFrom(request);
        Reply.parseFrom(reply);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("the warm-up's own message did not parse", e);
      }
    }
  }
}
