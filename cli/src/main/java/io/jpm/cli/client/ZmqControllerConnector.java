package io.jpm.cli.client;

import java.nio.file.Files;
import java.util.List;

/**
 * Connects to a controller over ZeroMQ: plain over its owner-only {@code ipc://} sockets, CURVE
 * over {@code tcp://} with this home's key pair.
 */
public final class ZmqControllerConnector implements ControllerConnector {
  private final CurveClientKeys keys;

  /** A connector that uses {@code keys} for tcp controllers. */
  public ZmqControllerConnector(CurveClientKeys keys) {
    this.keys = keys;
  }

  @Override
  public ControlClient connect(ControllerAddress address) throws ControlException {
    if (!address.remote() && !Files.exists(LocalAgentConnector.socketFile(address.endpoint()))) {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE, "no socket at " + address.endpoint());
    }
    return new ZmqControlClient(address.endpoint(), secure(address));
  }

  @Override
  public EventStream subscribe(
      ControllerAddress address, String eventsEndpoint, List<String> topics)
      throws ControlException {
    return new ZmqEventStream(eventsEndpoint, topics, secure(address));
  }

  /** The socket set-up for {@code address}: CURVE for tcp, nothing for ipc. */
  private SocketSetup secure(ControllerAddress address) throws ControlException {
    return address.remote() ? keys.clientOf(address.serverKey()) : SocketSetup.NONE;
  }
}
