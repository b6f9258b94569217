package io.jpm.agent.security;

import org.zeromq.ZMQ;

/**
 * The settings of a CURVE server socket: its key pair, and the ZAP domain under which the context's
 * {@link ZapHandler} is asked about every client.
 *
 * @param keys the server's own key pair (clients need its public key)
 * @param zapDomain {@link #ZAP_DOMAIN} (authorized keys only) or {@link #ANY_KEY_DOMAIN}
 */
public record CurveServer(CurveKeyPair keys, String zapDomain) {
  /** The ZAP domain jpm's server sockets use: keys/authorized decides. */
  public static final String ZAP_DOMAIN = "jpm";

  /**
   * The ZAP domain of a socket that lets every CURVE key in (the controller's announce endpoint);
   * the User-Id is then {@code "key:<Z85 public key>"}, which carries no role. Only the server sets
   * its domain, so a client cannot choose this one.
   */
  public static final String ANY_KEY_DOMAIN = "jpm-any-key";

  /** A server that lets in the keys of keys/authorized. */
  public CurveServer(CurveKeyPair keys) {
    this(keys, ZAP_DOMAIN);
  }

  /** A server that lets in every CURVE key and tells the socket which one ({@code key:<Z85>}). */
  public static CurveServer anyKey(CurveKeyPair keys) {
    return new CurveServer(keys, ANY_KEY_DOMAIN);
  }

  /**
   * Makes {@code socket} a CURVE server; call before bind. Start the context's {@link ZapHandler}
   * first: without one, JeroMQ lets every CURVE client in.
   */
  public void apply(ZMQ.Socket socket) {
    socket.setZAPDomain(zapDomain);
    socket.setCurveServer(true);
    socket.setCurvePublicKey(CurveKey.bytes(keys.publicKey()));
    socket.setCurveSecretKey(CurveKey.bytes(keys.secretKey()));
  }
}
