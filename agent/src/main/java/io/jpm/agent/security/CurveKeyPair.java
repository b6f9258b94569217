package io.jpm.agent.security;

import org.zeromq.ZMQ;

/**
 * A CURVE key pair in Z85. {@link #toString()} never shows the secret key.
 *
 * @param publicKey 40 Z85 characters
 * @param secretKey 40 Z85 characters
 */
public record CurveKeyPair(String publicKey, String secretKey) {

  /** Checks both keys. */
  public CurveKeyPair {
    publicKey = CurveKey.require(publicKey);
    secretKey = CurveKey.require(secretKey);
  }

  /** A new random key pair. */
  public static CurveKeyPair generate() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeyPair(pair.publicKey, pair.secretKey);
  }

  @Override
  public String toString() {
    return "CurveKeyPair[publicKey=" + publicKey + ", secretKey=(hidden)]";
  }
}
