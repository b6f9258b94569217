package io.jpm.cli.client;

import org.zeromq.ZMQ;

/**
 * Makes client sockets CURVE clients of a server whose public key is known, with this JPM_HOME's
 * key pair as the client key. The seam for the home key pair of {@code io.jpm.agent.security}.
 */
@FunctionalInterface
public interface CurveClientKeys {

  /**
   * The set-up that makes a socket a CURVE client of the server with public key {@code serverKey}
   * (Z85).
   *
   * @throws ControlException {@link ControlException.Kind#UNREACHABLE} when this home's key pair
   *     cannot be had
   */
  SocketSetup clientOf(String serverKey) throws ControlException;

  /** The CURVE client set-up for a key pair and a server key, all Z85. */
  static SocketSetup curve(String publicKey, String secretKey, String serverKey) {
    return socket -> {
      socket.setCurveServerKey(ZMQ.Curve.z85Decode(serverKey));
      socket.setCurvePublicKey(ZMQ.Curve.z85Decode(publicKey));
      socket.setCurveSecretKey(ZMQ.Curve.z85Decode(secretKey));
    };
  }

  /**
   * SEAM (issue 5): the home key pair (JPM_HOME/keys/id.key) comes with branch fleet-agent's
   * io.jpm.agent.security; until it is merged, the CLI cannot reach a tcp controller and says so.
   * Replace with a loader of that key pair feeding {@link #curve(String, String, String)}.
   */
  static CurveClientKeys unavailable() {
    return serverKey -> {
      throw new ControlException(
          ControlException.Kind.UNREACHABLE,
          "this build cannot load the home's CURVE key pair for a tcp controller yet;"
              + " run the command on the controller's machine (its ipc socket) instead");
    };
  }
}
