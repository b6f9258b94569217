package io.jpm.agent.transport;

import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.util.concurrent.CompletableFuture;

/** Carries out one well-formed control request: {@link RequestDispatcher}, or a fake in tests. */
public interface RequestHandler {

  /**
   * Starts the work for {@code request} and returns its reply. Called on the control server's
   * thread, so it must not block. The reply needs only its result set; {@link ControlServer} fills
   * in correlation id and versions, and answers ERROR_CODE_INTERNAL if the future fails.
   *
   * @param request a request whose protocol version matches and whose command is set
   */
  CompletableFuture<Reply> handle(Request request);
}
