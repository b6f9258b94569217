package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.StartRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Subscribes to a real agent's PUB socket: state events in sequence, and heartbeats. */
class AgentEventsIT {
  @TempDir Path home;
  private final ZContext ctx = new ZContext(1);
  private AgentPaths paths;
  private Agent agent;
  private ZMQ.Socket sub;

  /** One received message. */
  private record Received(String topic, Event event) {}

  @BeforeEach
  void startAgentAndSubscribe() throws IOException {
    paths = new AgentPaths(home);
    agent =
        Agent.start(
            AgentConfig.defaults(paths, "test-host"),
            new SynchronizedLauncher(),
            UsageMeter.none());
    sub = ctx.createSocket(SocketType.SUB);
    sub.setReceiveTimeOut((int) TestControlClient.TIMEOUT.toMillis());
    // Without it about half the fresh ipc:// connections stall in the handshake (§1.9).
    sub.setHandshakeIvl(250);
    sub.subscribe("");
    sub.connect(paths.eventsEndpoint());
  }

  @AfterEach
  void stop() {
    agent.close();
    ctx.close();
  }

  @Test
  void subscriber_startedApp_receivesConsecutiveStateEventsAndHeartbeats() throws Exception {
    // The first heartbeat proves the subscription is live (PUB drops before that: slow joiner).
    Received first = nextWithTopic("agent.heartbeat");
    assertThat(first.event().getHeartbeat().getVersion()).isEqualTo(Version.software());
    assertThat(first.event().getHeartbeat().getLastStateSeq()).isZero();
    assertThat(first.event().getRunId()).isEqualTo(agent.identity().runId());

    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      client.call(
          TestControlClient.request()
              .setStart(
                  StartRequest.newBuilder()
                      .addApps(AgentProtos.toProto(TestApp.named("api").instances(2).build())))
              .build());
    }
    List<Received> states = new ArrayList<>();
    while (states.stream().filter(r -> isRunning(r.event())).count() < 2) {
      Received r = next();
      if (r.topic().startsWith("state.")) {
        states.add(r);
      }
    }
    Received beat = nextWithTopic("agent.heartbeat");

    assertThat(states).extracting(r -> r.event().getSeq()).isEqualTo(range(1, states.size()));
    assertThat(states)
        .extracting(Received::topic)
        .containsOnly("state.api.0", "state.api.1")
        .contains("state.api.0", "state.api.1");
    assertThat(states).allSatisfy(r -> assertThat(r.event().getHost()).isEqualTo("test-host"));
    assertThat(beat.event().getHeartbeat().getLastStateSeq()).isEqualTo(states.size());
    assertThat(beat.event().getHeartbeat().getInstances()).isEqualTo(2);
    assertThat(beat.event().getHeartbeat().getRunning()).isEqualTo(2);
    assertThat(beat.event().getSeq()).isGreaterThan(first.event().getSeq());
  }

  private static boolean isRunning(Event e) {
    return e.getState().getProcess().getState() == ProcessState.PROCESS_STATE_RUNNING;
  }

  private static List<Long> range(long from, long count) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      out.add(from + i);
    }
    return out;
  }

  private Received nextWithTopic(String topic) throws Exception {
    Received r;
    do {
      r = next();
    } while (!r.topic().equals(topic));
    return r;
  }

  private Received next() throws Exception {
    byte[] topic = sub.recv();
    assertThat(topic).as("an event within " + TestControlClient.TIMEOUT).isNotNull();
    assertThat(sub.hasReceiveMore()).isTrue();
    byte[] body = sub.recv();
    return new Received(new String(topic, StandardCharsets.US_ASCII), Event.parseFrom(body));
  }
}
