package io.jpm.cli;

import io.jpm.agent.supervision.Durations;
import io.jpm.cli.client.ControlClient;
import io.jpm.cli.client.ControlException;
import io.jpm.cli.client.ControllerAddress;
import io.jpm.cli.client.ControllerConnector;
import io.jpm.cli.client.EventStream;
import io.jpm.messages.v1.Error;
import io.jpm.messages.v1.FleetReply;
import io.jpm.messages.v1.FleetSelection;
import io.jpm.messages.v1.HostsReply;
import io.jpm.messages.v1.HostsRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.time.Duration;
import java.util.List;

/**
 * One invocation's line to the controller (`--hosts`, `jpm hosts`): connects on first use, never
 * spawns anything, and turns every failure into a {@link CliFailure}: no controller answering is
 * one line, "no controller at ENDPOINT (start one with: jpm controller)", with the unreachable exit
 * code. Use from one thread only.
 */
public final class FleetChannel implements AutoCloseable {
  private final ControllerConnector connector;
  private final ControllerAddress address;
  private ControlClient client;
  private boolean answered;

  /** A channel to the controller at {@code address}; nothing is connected until the first call. */
  public FleetChannel(ControllerConnector connector, ControllerAddress address) {
    this.connector = connector;
    this.address = address;
  }

  /** The controller's view of the hosts matching {@code pattern} (all when empty). */
  public HostsReply hosts(String operation, String pattern, Duration timeout) {
    Request request =
        Request.newBuilder().setHosts(HostsRequest.newBuilder().setHosts(pattern)).build();
    return call(operation, request, timeout, Reply.ResultCase.HOSTS).getHosts();
  }

  /** The controller's identity and endpoints. */
  public PingReply ping(String operation, Duration timeout) {
    Request request = Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
    return call(operation, request, timeout, Reply.ResultCase.PING).getPing();
  }

  /** Sends {@code request} to the hosts of {@code selection}; one result per host. */
  public FleetReply fleet(
      String operation, Request request, FleetSelection selection, Duration deadline) {
    Request fleet = request.toBuilder().setFleet(selection).build();
    return call(operation, fleet, deadline, Reply.ResultCase.FLEET).getFleet();
  }

  /** Subscribes to the controller's event feed (re-published agent events, tagged by host). */
  public EventStream subscribe(String operation, List<String> topics, Duration timeout) {
    PingReply ping = ping(operation, timeout);
    String events =
        address
            .eventsEndpoint(ping.getEventsEndpoint(), ping.getRemoteEventsEndpoint())
            .orElseThrow(
                () ->
                    CliFailure.failed(
                        operation + " failed: the controller names no event endpoint"));
    try {
      return connector.subscribe(address, events, topics);
    } catch (ControlException e) {
      throw new CliFailure(ExitCodes.UNREACHABLE, operation + " failed: " + e.getMessage());
    }
  }

  private Reply call(
      String operation, Request request, Duration timeout, Reply.ResultCase expected) {
    Reply reply;
    try {
      if (client == null) {
        client = connector.connect(address);
      }
      reply = client.call(request, timeout);
    } catch (ControlException e) {
      throw failure(operation, e, timeout);
    }
    answered = true;
    if (reply.hasError()) {
      throw failure(operation, reply.getError());
    }
    if (reply.getResultCase() != expected) {
      throw CliFailure.failed(
          operation
              + " failed: the controller answered "
              + reply.getResultCase()
              + ", not "
              + expected);
    }
    return reply;
  }

  /** Before any answer, silence means there is no controller; after one, a slow command. */
  private CliFailure failure(String operation, ControlException e, Duration timeout) {
    return switch (e.kind()) {
      case UNREACHABLE, TIMEOUT, SPAWN_FAILED -> {
        if (!answered && (e.kind() == ControlException.Kind.TIMEOUT || !address.remote())) {
          yield new CliFailure(ExitCodes.UNREACHABLE, noController(address));
        }
        if (e.kind() == ControlException.Kind.TIMEOUT) {
          yield new CliFailure(
              ExitCodes.UNREACHABLE,
              operation
                  + " failed: no reply from the controller within "
                  + Durations.format(timeout)
                  + " ("
                  + address.endpoint()
                  + ")");
        }
        yield new CliFailure(ExitCodes.UNREACHABLE, operation + " failed: " + e.getMessage());
      }
      case BAD_REPLY -> CliFailure.failed(operation + " failed: " + e.getMessage());
    };
  }

  /** The one line for a controller that does not answer. */
  public static String noController(ControllerAddress address) {
    return "no controller at " + address.endpoint() + " (start one with: jpm controller)";
  }

  private CliFailure failure(String operation, Error error) {
    String why = error.getMessage().isBlank() ? error.getCode().name() : error.getMessage();
    return switch (error.getCode()) {
      case ERROR_CODE_UNKNOWN_COMMAND ->
          CliFailure.failed(
              operation
                  + " failed: "
                  + address.endpoint()
                  + " does not answer as a controller (an agent, or an older controller): "
                  + why);
      case ERROR_CODE_TIMEOUT, ERROR_CODE_SHUTTING_DOWN ->
          new CliFailure(ExitCodes.UNREACHABLE, operation + " failed: " + why);
      default -> CliFailure.failed(operation + " failed: " + why);
    };
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
