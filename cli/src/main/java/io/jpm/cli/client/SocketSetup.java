package io.jpm.cli.client;

import org.zeromq.ZMQ;

/** Options applied to a client socket before it connects (CURVE keys for tcp endpoints). */
@FunctionalInterface
public interface SocketSetup {
  /** No options: a plain (ipc) socket. */
  SocketSetup NONE = socket -> {};

  /** Applies the options to {@code socket}. */
  void apply(ZMQ.Socket socket);
}
