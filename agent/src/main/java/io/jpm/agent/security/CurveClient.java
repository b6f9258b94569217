package io.jpm.agent.security;

import org.zeromq.ZMQ;

/**
 * The settings of a socket (DEALER, SUB) that connects to a CURVE server.
 *
 * @param serverKey the server's public key (Z85)
 * @param own this side's key pair; the server must have its public key authorized
 */
public record CurveClient(String serverKey, CurveKeyPair own) {

  /** Checks the server key. */
  public CurveClient {
    serverKey = CurveKey.require(serverKey);
  }

  /** Makes {@code socket} a CURVE client of the server; call before connect. */
  public void apply(ZMQ.Socket socket) {
    socket.setCurvePublicKey(CurveKey.bytes(own.publicKey()));
    socket.setCurveSecretKey(CurveKey.bytes(own.secretKey()));
    socket.setCurveServerKey(CurveKey.bytes(serverKey));
  }
}
