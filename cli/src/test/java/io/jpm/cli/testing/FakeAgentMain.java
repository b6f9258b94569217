package io.jpm.cli.testing;

import io.jpm.agent.AgentPaths;
import io.jpm.agent.Version;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Heartbeat;
import io.jpm.messages.v1.KillReply;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.ProcessList;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A stand-in agent program for tests of spawning and of the launcher: serves ping, list (empty) and
 * kill on the control socket of $JPM_HOME, and publishes a heartbeat about every 100 ms.
 */
public final class FakeAgentMain {
  private static final long STARTED_AT = System.currentTimeMillis();

  private FakeAgentMain() {}

  /** Runs until a kill request or a signal. */
  public static void main(String[] args) throws IOException {
    AgentPaths paths = AgentPaths.fromEnvironment(System.getenv());
    paths.createDirectories();
    try (ZContext context = new ZContext(1)) {
      ZMQ.Socket control = context.createSocket(SocketType.ROUTER);
      control.bind(paths.controlEndpoint());
      ZMQ.Socket events = context.createSocket(SocketType.PUB);
      events.bind(paths.eventsEndpoint());
      control.setReceiveTimeOut(100);
      long seq = 0;
      boolean killed = false;
      while (!killed) {
        byte[] identity = control.recv(0);
        if (identity == null) {
          Event beat =
              Event.newBuilder()
                  .setHost("fake")
                  .setRunId("fake-run")
                  .setSeq(++seq)
                  .setAtMs(System.currentTimeMillis())
                  .setHeartbeat(Heartbeat.newBuilder().setVersion(Version.software()))
                  .build();
          events.sendMore("agent.heartbeat");
          events.send(beat.toByteArray());
          continue;
        }
        control.recv(0);
        Request request = Request.parseFrom(control.recv(0));
        killed = request.hasKill();
        control.sendMore(identity);
        control.sendMore(new byte[0]);
        control.send(answer(request, paths).toByteArray());
      }
    } finally {
      Files.deleteIfExists(socketFile(paths.controlEndpoint()));
      Files.deleteIfExists(socketFile(paths.eventsEndpoint()));
    }
  }

  private static Reply answer(Request request, AgentPaths paths) {
    Reply.Builder reply =
        Reply.newBuilder()
            .setCorrelationId(request.getCorrelationId())
            .setProtocolVersion(Version.PROTOCOL)
            .setAgentVersion(Version.software());
    return switch (request.getCommandCase()) {
      case PING ->
          reply
              .setPing(
                  PingReply.newBuilder()
                      .setHost("fake")
                      .setPid(ProcessHandle.current().pid())
                      .setVersion(Version.software())
                      .setControlEndpoint(paths.controlEndpoint())
                      .setEventsEndpoint(paths.eventsEndpoint())
                      .setStartedAtMs(STARTED_AT))
              .build();
      case LIST -> reply.setProcesses(ProcessList.getDefaultInstance()).build();
      case KILL -> reply.setKill(KillReply.newBuilder().setStopped(0)).build();
      default ->
          Replies.error(io.jpm.messages.v1.ErrorCode.ERROR_CODE_UNKNOWN_COMMAND, "fake").toBuilder()
              .setCorrelationId(request.getCorrelationId())
              .build();
    };
  }

  private static Path socketFile(String endpoint) {
    return Path.of(endpoint.substring("ipc://".length()));
  }
}
