package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.LogStream;
import io.jpm.agent.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A real SUB on the event feed: its log subscriptions switch the copier's line work on and off. */
class StatePublisherSubscriptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final ZContext ctx = new ZContext(1);
  private StatePublisher publisher;

  @BeforeEach
  void startPublisher() throws Exception {
    String endpoint = "ipc://" + dir.resolve("events.sock");
    publisher =
        StatePublisher.start(
            ctx,
            endpoint,
            new AgentIdentity("h", 1, "run", Instant.EPOCH, "ipc:///c", endpoint),
            () -> CompletableFuture.completedFuture(new int[] {0, 0}),
            Duration.ofHours(1),
            100,
            InstantSource.system());
  }

  @AfterEach
  void stop() {
    publisher.close();
    ctx.close();
  }

  private ZMQ.Socket subscriber(String prefix) {
    ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
    sub.setLinger(0);
    sub.setHandshakeIvl(250);
    sub.subscribe(prefix);
    sub.connect(publisher.endpoint());
    return sub;
  }

  @Test
  void wants_noSubscriber_false() {
    assertThat(publisher.wants("web", 0, 0, LogStream.OUT)).isFalse();
  }

  @Test
  void wants_subscriberOfOneApp_trueForItsStreamsOnlyUntilItLeaves() {
    ZMQ.Socket sub = subscriber("log.web.");

    Await.until("subscription seen", WAIT, () -> publisher.wants("web", 3, 0, LogStream.OUT));
    assertThat(publisher.wants("web", 3, 0, LogStream.ERR)).isTrue();
    assertThat(publisher.wants("api", 4, 0, LogStream.OUT)).isFalse();

    sub.close();
    Await.until("subscriber gone", WAIT, () -> !publisher.wants("web", 3, 0, LogStream.OUT));
  }

  @Test
  void wants_otherTopicsSubscribed_falseForUnsubscribedApps() {
    ZMQ.Socket sub = subscriber("state.");
    sub.subscribe("log.api.");

    // One socket's subscriptions arrive in order: once the second is seen, the first was too.
    Await.until("subscriptions seen", WAIT, () -> publisher.wants("api", 1, 0, LogStream.OUT));
    assertThat(publisher.wants("web", 3, 0, LogStream.OUT)).isFalse();
    sub.close();
  }
}
