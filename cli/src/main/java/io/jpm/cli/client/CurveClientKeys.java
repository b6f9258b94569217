package io.jpm.cli.client;

import io.jpm.agent.security.CurveKeyPair;
import io.jpm.agent.security.HomeKeys;
import java.io.IOException;
import java.nio.file.Path;
import org.zeromq.ZMQ;

/**
 * Makes client sockets CURVE clients of a server whose public key is known, with this JPM_HOME's
 * key pair as the client key ({@link #ofHome}); tests may pass other keys.
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
   * This JPM_HOME's key pair ({@code keys/id.key}, created on first need) as the client key: the
   * controller must have its public key ({@code jpm keys} prints it) in its keys/authorized.
   */
  static CurveClientKeys ofHome(Path home) {
    return serverKey -> {
      CurveKeyPair own;
      try {
        own = HomeKeys.loadOrCreate(home).keys();
      } catch (IOException e) {
        throw new ControlException(
            ControlException.Kind.UNREACHABLE,
            "cannot load this home's CURVE key pair: " + e.getMessage());
      }
      return curve(own.publicKey(), own.secretKey(), serverKey);
    };
  }
}
