package io.jpm.agent.security;

import org.zeromq.ZMQ;

/**
 * The settings of a CURVE server socket: its key pair, and the ZAP domain under which the context's
 * {@link ZapHandler} is asked about every client.
 *
 * @param keys the server's own key pair (clients need its public key)
 */
public record CurveServer(CurveKeyPair keys) {
  /** The ZAP domain jpm's server sockets use. */
  public static final String ZAP_DOMAIN = "jpm";

  /**
   * Makes {@code socket} a CURVE server; call before bind. Start the context's {@link ZapHandler}
   * first: without one, JeroMQ lets every CURVE client in.
   */
  public void apply(ZMQ.Socket socket) {
    socket.setZAPDomain(ZAP_DOMAIN);
    socket.setCurveServer(true);
    socket.setCurvePublicKey(CurveKey.bytes(keys.publicKey()));
    socket.setCurveSecretKey(CurveKey.bytes(keys.secretKey()));
  }
}
