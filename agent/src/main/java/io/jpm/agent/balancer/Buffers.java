package io.jpm.agent.balancer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The balancer thread's copy buffers. Every read goes into one shared scratch buffer and is written
 * on at once; only bytes a slow peer does not take yet are moved to a pooled backlog buffer. So an
 * idle or fast connection holds no buffer, which keeps direct memory small in a 64 MiB agent.
 * Balancer thread only.
 */
final class Buffers {
  /** Idle backlog buffers kept for reuse; beyond that they are left to the garbage collector. */
  private static final int MAX_IDLE = 64;

  private final int size;
  private final ByteBuffer scratch;
  private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();

  Buffers(int size) {
    this.size = size;
    this.scratch = ByteBuffer.allocateDirect(size);
  }

  /** The shared read buffer, cleared; its content is only valid until the next call. */
  ByteBuffer scratch() {
    return scratch.clear();
  }

  /** A cleared backlog buffer as large as the scratch buffer. */
  ByteBuffer take() {
    ByteBuffer b = idle.poll();
    return b != null ? b.clear() : ByteBuffer.allocateDirect(size);
  }

  /** Returns a backlog buffer for reuse. */
  void give(ByteBuffer buffer) {
    if (idle.size() < MAX_IDLE) {
      idle.push(buffer);
    }
  }
}
