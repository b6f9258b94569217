package io.jpm.agent.balancer;

import static io.jpm.agent.balancer.TestClients.connect;
import static io.jpm.agent.balancer.TestClients.endedByPeer;
import static io.jpm.agent.balancer.TestClients.endedWithoutAnswer;
import static io.jpm.agent.balancer.TestClients.exchange;
import static io.jpm.agent.balancer.TestClients.line;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backends entering and leaving a balanced port: strategies, draining, waiting, refusals. */
class PortBalancerRotationIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration LONG = Duration.ofMinutes(5);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private final RecordingBalancerListener events = new RecordingBalancerListener();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    cleanup.add(c);
    return c;
  }

  private BalancedPort open(BalanceStrategy strategy, Duration waitForBackend) throws Exception {
    PortBalancer balancer =
        closeLater(
            new PortBalancer(BalancerOptions.DEFAULTS.withWaitForBackend(waitForBackend), events));
    return balancer.open(
        "web", new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), strategy);
  }

  private static void add(BalancedPort port, TestBackend... backends) throws Exception {
    for (TestBackend b : backends) {
      port.add(b.name(), b.port()).get(20, TimeUnit.SECONDS);
    }
  }

  private TestBackend greeter(String name) throws Exception {
    return closeLater(TestBackend.greeter(name));
  }

  @Test
  void roundRobin_threeBackends_takesTurns() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    add(port, greeter("a"), greeter("b"), greeter("c"));

    List<String> served = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      try (Socket s = connect(port)) {
        served.add(line(s));
      }
    }

    assertThat(served).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void leastConnections_oneBackendIdle_picksIt() throws Exception {
    BalancedPort port = open(BalanceStrategy.LEAST_CONNECTIONS, LONG);
    add(port, greeter("a"), greeter("b"), greeter("c"));
    Map<String, Socket> byBackend = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      Socket s = closeLater(connect(port));
      byBackend.put(line(s), s);
    }
    assertThat(byBackend).containsOnlyKeys("a", "b", "c");

    byBackend.get("b").close();
    Await.until("b has no connection", WAIT, () -> port.snapshot().backend("b").active() == 0);

    // Round-robin would now pick "a" again; the only idle backend is "b".
    try (Socket s = connect(port)) {
      assertThat(line(s)).isEqualTo("b");
    }
  }

  @Test
  void remove_openConnection_keepsWorkingThenDrainCompletes() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    add(port, greeter("old"));
    Socket client = connect(port);
    assertThat(line(client)).isEqualTo("old");

    CompletableFuture<Drained> drained = port.remove("old", LONG);
    add(port, greeter("new"));

    try (Socket fresh = connect(port)) {
      assertThat(line(fresh)).isEqualTo("new");
    }
    assertThat(exchange(client, "still here")).isEqualTo("still here");
    assertThat(drained).isNotDone();
    assertThat(port.snapshot().backend("old").inRotation()).isFalse();

    client.close();

    assertThat(drained.get(20, TimeUnit.SECONDS)).isEqualTo(new Drained("old", 0));
    Await.until("old is forgotten", WAIT, () -> port.snapshot().backend("old") == null);
  }

  @Test
  void remove_idleBackend_completesAtOnce() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    add(port, greeter("a"));

    assertThat(port.remove("a", LONG).get(20, TimeUnit.SECONDS)).isEqualTo(new Drained("a", 0));
    assertThat(port.remove("never-added", LONG).get(20, TimeUnit.SECONDS))
        .isEqualTo(new Drained("never-added", 0));
  }

  @Test
  void remove_drainTimeoutElapses_resetsLeftovers() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    TestBackend backend = greeter("a");
    add(port, backend);
    Socket client = closeLater(connect(port));
    assertThat(line(client)).isEqualTo("a");

    Drained drained = port.remove("a", Duration.ofMillis(50)).get(20, TimeUnit.SECONDS);

    assertThat(drained).isEqualTo(new Drained("a", 1));
    assertThat(endedByPeer(client)).isTrue();
    Await.until("the backend's side is closed", WAIT, () -> backend.open() == 0);
  }

  @Test
  void noBackend_connectionWaits_servedWhenOneIsAdded() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    Socket client = closeLater(connect(port));
    client.getOutputStream().write("early".getBytes(UTF_8));
    Await.until("the connection waits", WAIT, () -> port.snapshot().waiting() == 1);

    add(port, greeter("late"));

    assertThat(line(client)).isEqualTo("late");
    assertThat(new String(client.getInputStream().readNBytes(5), UTF_8)).isEqualTo("early");
    assertThat(port.snapshot().waiting()).isZero();
    assertThat(events.dropped).isEmpty();
  }

  @Test
  void noBackend_waitElapses_connectionClosedAndReported() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, Duration.ofMillis(50));

    assertThat(endedWithoutAnswer(port)).isTrue();
    assertThat(port.snapshot().dropped()).isEqualTo(1);
    assertThat(events.dropped).singleElement().asString().startsWith("web: no backend in rotation");
  }

  @Test
  void refusingBackend_isSkippedAndReported() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    int refusing;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusing = s.getLocalPort(); // closed below: connecting to it is refused
    }
    port.add("dead", refusing).get(20, TimeUnit.SECONDS);
    add(port, greeter("live"));

    for (int i = 0; i < 4; i++) {
      try (Socket s = connect(port)) {
        assertThat(line(s)).isEqualTo("live");
      }
    }

    assertThat(events.refused).isNotEmpty().containsOnly("web dead");
    assertThat(port.snapshot().backend("dead").connectFailures()).isEqualTo(events.refused.size());
    assertThat(port.snapshot().backend("dead").active()).isZero();
  }

  @Test
  void everyBackendRefuses_connectionClosedAndReported() throws Exception {
    BalancedPort port = open(BalanceStrategy.ROUND_ROBIN, LONG);
    int refusing;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusing = s.getLocalPort();
    }
    port.add("dead", refusing).get(20, TimeUnit.SECONDS);

    assertThat(endedWithoutAnswer(port)).isTrue();
    assertThat(events.dropped)
        .containsExactly("web: every backend in rotation refused the connection");
  }

  @Test
  void frozenBackend_connectTimesOut_nextOneServes() throws Exception {
    PortBalancer balancer =
        closeLater(
            new PortBalancer(
                BalancerOptions.DEFAULTS.withConnectTimeout(Duration.ofMillis(100)), events));
    BalancedPort port =
        balancer.open(
            "web",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            BalanceStrategy.ROUND_ROBIN);
    ServerSocket frozen = closeLater(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    fillAcceptQueue(frozen);
    port.add("frozen", frozen.getLocalPort()).get(20, TimeUnit.SECONDS);
    add(port, greeter("live"));

    for (int i = 0; i < 2; i++) {
      try (Socket s = connect(port)) {
        assertThat(line(s)).isEqualTo("live");
      }
    }
    assertThat(events.refused).contains("web frozen");
  }

  /** Connects until the kernel drops SYNs to {@code server} (it never accepts). */
  private void fillAcceptQueue(ServerSocket server) throws Exception {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    for (int i = 0; i < 16; i++) {
      Socket probe = closeLater(new Socket());
      try {
        probe.connect(address, 2_000); // a loopback connect that is not dropped takes far less
      } catch (SocketTimeoutException e) {
        return;
      }
    }
    throw new AssertionError("the accept queue of " + address + " never filled");
  }
}
