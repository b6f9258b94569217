package io.jpm.agent.balancer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.LongConsumer;

/**
 * One direction of a proxied connection: what {@code source} sends is written to {@code sink}, and
 * when the source ends its stream (half-close), the sink's output is shut once everything before it
 * was written. Balancer thread only.
 */
final class Flow {
  private final SocketChannel source;
  private final SocketChannel sink;
  private final Buffers buffers;
  private final LongConsumer bytesMoved;
  private ByteBuffer backlog; // read but not yet taken by the sink; null when there is none
  private boolean sourceEnded;
  private boolean sinkShut;

  Flow(SocketChannel source, SocketChannel sink, Buffers buffers, LongConsumer bytesMoved) {
    this.source = source;
    this.sink = sink;
    this.buffers = buffers;
    this.bytesMoved = bytesMoved;
  }

  /** True while the source should be watched: not ended, and the sink has taken everything. */
  boolean wantsRead() {
    return !sourceEnded && backlog == null;
  }

  /** True while bytes wait for the sink to become writable. */
  boolean wantsWrite() {
    return backlog != null;
  }

  /** True once the source ended and the sink's output was shut after the last byte. */
  boolean finished() {
    return sinkShut;
  }

  /** Reads once from the source and passes on what the sink takes; throws on a reset. */
  void onReadable() throws IOException {
    ByteBuffer buffer = buffers.scratch();
    int n = source.read(buffer);
    if (n < 0) {
      sourceEnded = true;
      shutSinkWhenDrained();
      return;
    }
    if (n == 0) {
      return;
    }
    bytesMoved.accept(n);
    buffer.flip();
    sink.write(buffer);
    if (buffer.hasRemaining()) {
      backlog = buffers.take().put(buffer).flip();
    }
  }

  /** Writes backlog bytes to the sink; throws when the sink's peer is gone. */
  void onWritable() throws IOException {
    if (backlog == null) {
      return;
    }
    sink.write(backlog);
    if (!backlog.hasRemaining()) {
      buffers.give(backlog);
      backlog = null;
      shutSinkWhenDrained();
    }
  }

  /** Gives the backlog buffer back; the flow is dead afterwards. */
  void release() {
    if (backlog != null) {
      buffers.give(backlog);
      backlog = null;
    }
  }

  private void shutSinkWhenDrained() throws IOException {
    if (sourceEnded && backlog == null && !sinkShut) {
      sinkShut = true;
      sink.shutdownOutput();
    }
  }
}
