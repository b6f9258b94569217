package io.jpm.cli.testing;

import io.jpm.agent.Version;
import io.jpm.cli.client.ControlClient;
import io.jpm.cli.client.ControlException;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A {@link ControlClient} that answers each command kind with a scripted responder. */
public final class FakeControlClient implements ControlClient {

  /** Answers one request, or fails like a transport would. */
  @FunctionalInterface
  public interface Responder {
    /** The reply to {@code request}. */
    Reply answer(Request request) throws ControlException;
  }

  private final Map<Request.CommandCase, Responder> responders =
      new EnumMap<>(Request.CommandCase.class);
  private final List<Request> requests = new ArrayList<>();
  private final List<Duration> timeouts = new ArrayList<>();
  private String agentVersion = Version.software();
  private boolean closed;

  /** Answers requests of kind {@code command} with {@code responder}. */
  public FakeControlClient on(Request.CommandCase command, Responder responder) {
    responders.put(command, responder);
    return this;
  }

  /** Answers requests of kind {@code command} with {@code reply}. */
  public FakeControlClient reply(Request.CommandCase command, Reply reply) {
    return on(command, request -> reply);
  }

  /** The software version the fake agent reports in every reply. */
  public FakeControlClient agentVersion(String version) {
    this.agentVersion = version;
    return this;
  }

  @Override
  public Reply call(Request request, Duration timeout) throws ControlException {
    requests.add(request);
    timeouts.add(timeout);
    Responder responder = responders.get(request.getCommandCase());
    if (responder == null) {
      throw new AssertionError("the fake agent has no answer for " + request.getCommandCase());
    }
    return responder.answer(request).toBuilder()
        .setAgentVersion(agentVersion)
        .setProtocolVersion(Version.PROTOCOL)
        .build();
  }

  @Override
  public String endpoint() {
    return "ipc:///fake/rpc.sock";
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Every request received, in order. */
  public List<Request> requests() {
    return requests;
  }

  /** The last request received. */
  public Request lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("the fake agent received no request");
    }
    return requests.get(requests.size() - 1);
  }

  /** The deadline of each request, in order. */
  public List<Duration> timeouts() {
    return timeouts;
  }

  /** Whether the CLI released the client. */
  public boolean closed() {
    return closed;
  }
}
