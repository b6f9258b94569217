package io.jpm.agent.testing;

import io.jpm.agent.supervision.PortAllocator;

/** Hands out private ports 20000, 20001, ... without touching the network. */
public final class SequentialPorts implements PortAllocator {
  private int next = 20000;

  @Override
  public int allocate() {
    return next++;
  }
}
