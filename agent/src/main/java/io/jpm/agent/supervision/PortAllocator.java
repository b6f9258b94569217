package io.jpm.agent.supervision;

import java.io.IOException;

/**
 * Port for private ports: finds a free TCP port on the loopback interface for a new process to
 * listen on (given to it in PORT and JPM_PORT).
 */
public interface PortAllocator {

  /**
   * A port that is free now. Called on the supervisor loop thread.
   *
   * @throws IOException when none can be found; the spawn then fails with this reason
   */
  int allocate() throws IOException;

  /** An allocator that has no port to give (an agent that cannot run apps with ports). */
  static PortAllocator none() {
    return () -> {
      throw new IOException("this agent hands out no private ports");
    };
  }
}
