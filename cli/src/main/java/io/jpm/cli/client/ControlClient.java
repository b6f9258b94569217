package io.jpm.cli.client;

import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;

/** Sends one control request to an agent and waits for its reply. Not thread-safe. */
public interface ControlClient extends AutoCloseable {

  /**
   * Sends {@code request} and returns the agent's reply to it. The client fills in the correlation
   * id, protocol version and client version; replies to earlier requests are ignored.
   *
   * @throws ControlException when no reply arrives within {@code timeout} or the reply is
   *     unreadable
   */
  Reply call(Request request, Duration timeout) throws ControlException;

  /** The endpoint this client talks to, for messages. */
  String endpoint();

  /** Releases the connection; never throws. */
  @Override
  void close();
}
