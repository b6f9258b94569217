package io.jpm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.Version;
import io.jpm.cli.testing.FakeControlServer;
import io.jpm.cli.testing.Replies;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZmqControlClient against a real ROUTER on an ipc:// socket in a temporary directory. */
class ZmqControlClientIT {
  private static final Request PING =
      Request.newBuilder().setPing(PingRequest.getDefaultInstance()).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private FakeControlServer server;
  private ZmqControlClient client;

  private String endpoint() {
    return "ipc://" + dir.resolve("rpc.sock");
  }

  private ZmqControlClient serve(FakeControlServer.Handler handler) {
    server = new FakeControlServer(endpoint(), handler);
    client = new ZmqControlClient(endpoint());
    return client;
  }

  private static Reply pingFrom(String host) {
    return Reply.newBuilder().setPing(PingReply.newBuilder().setHost(host)).build();
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void call_serverAnswers_returnsReplyAndStampsVersionsAndId() throws Exception {
    Reply reply = serve(FakeControlServer.replying(r -> pingFrom("h1"))).call(PING, TIMEOUT);

    assertThat(reply.getPing().getHost()).isEqualTo("h1");
    Request sent = server.received().get(0);
    assertThat(sent.getProtocolVersion()).isEqualTo(Version.PROTOCOL);
    assertThat(sent.getClientVersion()).isEqualTo(Version.software());
    assertThat(sent.getCorrelationId()).isNotEmpty().isEqualTo(reply.getCorrelationId());
  }

  @Test
  void call_twoRequests_useDifferentCorrelationIds() throws Exception {
    ZmqControlClient c = serve(FakeControlServer.replying(r -> pingFrom("h1")));

    c.call(PING, TIMEOUT);
    c.call(PING, TIMEOUT);

    assertThat(server.received())
        .extracting(Request::getCorrelationId)
        .doesNotHaveDuplicates()
        .hasSize(2);
  }

  @Test
  void call_staleReplyArrivesFirst_isSkipped() throws Exception {
    ZmqControlClient c =
        serve(
            request ->
                List.of(
                    FakeControlServer.message(
                        pingFrom("stale").toBuilder()
                            .setCorrelationId("not-" + request.getCorrelationId())
                            .build()
                            .toByteArray()),
                    FakeControlServer.message(
                        pingFrom("own").toBuilder()
                            .setCorrelationId(request.getCorrelationId())
                            .build()
                            .toByteArray())));

    assertThat(c.call(PING, TIMEOUT).getPing().getHost()).isEqualTo("own");
  }

  @Test
  void call_afterATimeout_nextCallGetsItsOwnReplyNotTheLateOne() throws Exception {
    List<Request> seen = new ArrayList<>();
    ZmqControlClient c =
        serve(
            request -> {
              seen.add(request);
              if (seen.size() == 1) {
                return List.of(); // the first request is answered late, below
              }
              return List.of(
                  FakeControlServer.message(
                      pingFrom("late").toBuilder()
                          .setCorrelationId(seen.get(0).getCorrelationId())
                          .build()
                          .toByteArray()),
                  FakeControlServer.message(
                      pingFrom("second").toBuilder()
                          .setCorrelationId(request.getCorrelationId())
                          .build()
                          .toByteArray()));
            });

    assertThatThrownBy(() -> c.call(PING, Duration.ofMillis(300)))
        .isInstanceOf(ControlException.class);

    assertThat(c.call(PING, TIMEOUT).getPing().getHost()).isEqualTo("second");
  }

  @Test
  void call_noAnswer_timesOutWithDeadlineAndEndpointInMessage() {
    ZmqControlClient c = serve(request -> List.of());

    assertThatThrownBy(() -> c.call(PING, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.TIMEOUT))
        .hasMessage("no reply from the agent within 300ms (" + endpoint() + ")");
  }

  @Test
  void call_noServer_timesOut() {
    client = new ZmqControlClient(endpoint());

    assertThatThrownBy(() -> client.call(PING, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.TIMEOUT));
  }

  @Test
  void call_garbageBody_isAnUnreadableReply() {
    ZmqControlClient c =
        serve(
            request ->
                List.of(FakeControlServer.message(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f})));

    assertThatThrownBy(() -> c.call(PING, TIMEOUT))
        .isInstanceOfSatisfying(
            ControlException.class,
            e -> assertThat(e.kind()).isEqualTo(ControlException.Kind.BAD_REPLY))
        .hasMessageStartingWith("unreadable reply from the agent");
  }

  @Test
  void call_missingDelimiterFrame_isAnUnreadableReply() {
    ZmqControlClient c = serve(request -> List.of(List.of(pingFrom("h1").toByteArray())));

    assertThatThrownBy(() -> c.call(PING, TIMEOUT))
        .isInstanceOf(ControlException.class)
        .hasMessage("unreadable reply from the agent (1 frames, expected 2)");
  }

  @Test
  void call_errorWithoutCorrelationId_isTheAnswer() throws Exception {
    ZmqControlClient c =
        serve(
            request ->
                List.of(
                    FakeControlServer.message(
                        Replies.error(ErrorCode.ERROR_CODE_INVALID_MESSAGE, "cannot parse")
                            .toByteArray())));

    Reply reply = c.call(PING, TIMEOUT);

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_MESSAGE);
  }
}
