package io.jpm.agent.transport;

import org.zeromq.ZMQ;
import org.zeromq.ZMsg;
import zmq.io.Metadata;

/**
 * One multipart message as received, with what the connection's handshake attached to it: the ZAP
 * User-Id (on a CURVE server, {@code "<role>:<name>"}) and the peer's address. JeroMQ puts both in
 * the metadata of the frames the peer sent, which only {@code Socket.recvMsg} exposes.
 *
 * @param frames the frames, the ROUTER's identity frame first
 * @param userId the ZAP User-Id; empty when the connection has none (plaintext)
 * @param peerAddress the peer's IP address; empty when unknown (ipc://)
 */
record ReceivedMessage(ZMsg frames, String userId, String peerAddress) {

  /** Receives one whole message; null when none is waiting ({@code ZMQ.DONTWAIT}). */
  static ReceivedMessage receive(ZMQ.Socket socket, int flags) {
    zmq.Msg part = socket.recvMsg(flags);
    if (part == null) {
      return null;
    }
    ZMsg frames = new ZMsg();
    String userId = "";
    String address = "";
    while (true) {
      frames.add(part.data());
      Metadata meta = part.getMetadata();
      if (meta != null) {
        userId = orElse(meta.get(Metadata.USER_ID), userId);
        address = orElse(meta.get(Metadata.PEER_ADDRESS), address);
      }
      if (!part.hasMore()) {
        return new ReceivedMessage(frames, userId, address);
      }
      // The rest of a multipart message has arrived with its first part.
      part = socket.recvMsg(0);
    }
  }

  private static String orElse(String value, String otherwise) {
    return value == null || value.isEmpty() ? otherwise : value;
  }
}
