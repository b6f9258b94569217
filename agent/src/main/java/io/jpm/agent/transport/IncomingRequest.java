package io.jpm.agent.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jpm.agent.Version;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.zeromq.ZFrame;
import org.zeromq.ZMsg;

/**
 * One message received by the control ROUTER, split into the envelope its reply must carry and
 * either a Request fit to dispatch or the error reply that refuses it (control.proto's framing and
 * version rules).
 *
 * @param envelope the frames to send back before the reply body: identity(ies) and the empty
 *     delimiter
 * @param peer the client's routing identity in hex, for logs
 * @param request the checked request, or null when refused
 * @param refusal the error reply, or null when the request is fit to dispatch
 */
record IncomingRequest(List<byte[]> envelope, String peer, Request request, Reply refusal) {

  /** Splits and checks a message as received from a ROUTER socket (identity frame first). */
  static IncomingRequest of(ZMsg msg) {
    byte[] identity = msg.pop().getData();
    String peer = HexFormat.of().formatHex(identity);
    List<byte[]> envelope = new ArrayList<>(List.of(identity));
    boolean delimited = false;
    while (!msg.isEmpty() && !delimited) {
      ZFrame frame = msg.pop();
      envelope.add(frame.getData());
      delimited = frame.size() == 0;
    }
    if (!delimited) {
      // Answer as if the delimiter were there: that reaches a DEALER client that forgot it.
      return refused(
          List.of(identity, new byte[0]),
          peer,
          "",
          ErrorCode.ERROR_CODE_INVALID_MESSAGE,
          "expected frames [empty][Request], got "
              + (envelope.size() - 1)
              + " frame(s) without the empty delimiter");
    }
    if (msg.size() != 1) {
      return refused(
          envelope,
          peer,
          "",
          ErrorCode.ERROR_CODE_INVALID_MESSAGE,
          "expected one Request frame after the empty delimiter, got " + msg.size());
    }
    return checked(envelope, peer, msg.pop().getData());
  }

  private static IncomingRequest checked(List<byte[]> envelope, String peer, byte[] body) {
    if (body.length == 0) {
      return refused(envelope, peer, "", ErrorCode.ERROR_CODE_INVALID_MESSAGE, "empty request");
    }
    Request request;
    try {
      request = Request.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      return refused(
          envelope,
          peer,
          "",
          ErrorCode.ERROR_CODE_INVALID_MESSAGE,
          "not a jpm Request (" + body.length + " bytes): " + e.getMessage());
    }
    String id = request.getCorrelationId();
    int version = request.getProtocolVersion();
    if (version == 0) {
      return refused(
          envelope,
          peer,
          id,
          ErrorCode.ERROR_CODE_INVALID_MESSAGE,
          "request has no protocol_version");
    }
    if (version != Version.PROTOCOL) {
      return refused(
          envelope,
          peer,
          id,
          ErrorCode.ERROR_CODE_UNSUPPORTED_PROTOCOL,
          "client speaks protocol version "
              + version
              + ", agent "
              + Version.software()
              + " speaks protocol version "
              + Version.PROTOCOL);
    }
    if (request.getCommandCase() == Request.CommandCase.COMMAND_NOT_SET) {
      return refused(
          envelope,
          peer,
          id,
          ErrorCode.ERROR_CODE_UNKNOWN_COMMAND,
          "agent version "
              + Version.software()
              + " does not know this command; restart the agent with the newer jpm");
    }
    return new IncomingRequest(envelope, peer, request, null);
  }

  private static IncomingRequest refused(
      List<byte[]> envelope, String peer, String correlationId, ErrorCode code, String message) {
    return new IncomingRequest(
        envelope, peer, null, Replies.stamped(Replies.error(code, message), correlationId));
  }
}
