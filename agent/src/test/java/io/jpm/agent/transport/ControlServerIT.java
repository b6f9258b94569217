package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingReply;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/** Runs the ControlServer against a fake handler whose replies the test completes by hand. */
class ControlServerIT {
  @TempDir Path dir;
  private final ZContext serverCtx = new ZContext(1);
  private final ZContext clientCtx = new ZContext(1);
  private final LinkedBlockingQueue<CompletableFuture<Reply>> pending = new LinkedBlockingQueue<>();
  private final AtomicInteger kills = new AtomicInteger();
  private ControlServer server;
  private String endpoint;

  @BeforeEach
  void startServer() throws IOException {
    endpoint = "ipc://" + dir.resolve("c.sock");
    RequestHandler handler =
        request -> {
          if (request.hasPing()) {
            return CompletableFuture.completedFuture(
                Reply.newBuilder().setPing(PingReply.newBuilder().setHost("fake")).build());
          }
          CompletableFuture<Reply> later = new CompletableFuture<>();
          pending.add(later);
          return later;
        };
    server = ControlServer.start(serverCtx, List.of(endpoint), handler, kills::incrementAndGet);
  }

  @AfterEach
  void stop() {
    server.close();
    clientCtx.close();
    serverCtx.close();
  }

  @Test
  void reply_clientGoneBeforeIt_isDroppedAndServerKeepsAnswering() throws Exception {
    CompletableFuture<Reply> reply;
    long disconnectsBefore;
    try (TestControlClient client = TestControlClient.req(clientCtx, endpoint)) {
      client.sendBody(
          TestControlClient.request()
              .setList(ListRequest.getDefaultInstance())
              .build()
              .toByteArray());
      reply = pending.poll(20, TimeUnit.SECONDS);
      assertThat(reply).as("the request reached the handler").isNotNull();
      // Counted from here: a greeting that stalled and was retried (research §1.9) has already
      // ended one connection of this client by the time its request got through.
      disconnectsBefore = server.disconnects();
    }
    Await.until(
        "the server sees the client go",
        Duration.ofSeconds(20),
        () -> server.disconnects() > disconnectsBefore);
    // A round trip makes the server thread process the departed client's pipe teardown.
    try (TestControlClient other = TestControlClient.req(clientCtx, endpoint)) {
      assertThat(other.ping().hasPing()).isTrue();
    }

    reply.complete(Reply.getDefaultInstance());

    Await.until(
        "the reply to the departed client is dropped",
        Duration.ofSeconds(20),
        () -> server.undeliveredReplies() == 1);
    try (TestControlClient client = TestControlClient.req(clientCtx, endpoint)) {
      assertThat(client.ping().getPing().getHost()).isEqualTo("fake");
    }
  }

  @Test
  void handler_failingFuture_answersInternal() throws Exception {
    try (TestControlClient client = TestControlClient.dealer(clientCtx, endpoint)) {
      Request request =
          TestControlClient.request().setList(ListRequest.getDefaultInstance()).build();
      client.sendBody(request.toByteArray());
      pending.poll(20, TimeUnit.SECONDS).completeExceptionally(new IllegalStateException("boom"));

      Reply reply = client.receive();

      assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL);
      assertThat(reply.getError().getMessage()).contains("boom");
      assertThat(reply.getCorrelationId()).isEqualTo(request.getCorrelationId());
    }
  }

  @Test
  void kill_afterItsReplyIsQueued_runsTheKillCallbackOnce() throws Exception {
    try (TestControlClient client = TestControlClient.req(clientCtx, endpoint)) {
      client.sendBody(
          TestControlClient.request()
              .setKill(KillRequest.getDefaultInstance())
              .build()
              .toByteArray());
      pending.poll(20, TimeUnit.SECONDS).complete(Reply.getDefaultInstance());

      assertThat(client.receive()).isNotNull();
    }
    Await.until("kill callback", Duration.ofSeconds(20), () -> kills.get() == 1);
  }
}
