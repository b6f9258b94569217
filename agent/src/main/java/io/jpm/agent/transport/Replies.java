package io.jpm.agent.transport;

import io.jpm.agent.Version;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.Reply;

/** Builds the parts of a {@link Reply} that every answer shares. */
final class Replies {
  private Replies() {}

  /** A reply carrying only an error. */
  static Reply error(ErrorCode code, String message) {
    return Reply.newBuilder()
        .setError(io.jpm.messages.v1.Error.newBuilder().setCode(code).setMessage(message))
        .build();
  }

  /** {@code reply} with the envelope fields every reply carries. */
  static Reply stamped(Reply reply, String correlationId) {
    return reply.toBuilder()
        .setCorrelationId(correlationId)
        .setProtocolVersion(Version.PROTOCOL)
        .setAgentVersion(Version.software())
        .build();
  }
}
