package io.jpm.agent.balancer;

import static io.jpm.agent.balancer.TestClients.connect;
import static io.jpm.agent.balancer.TestClients.endedByPeer;
import static io.jpm.agent.balancer.TestClients.exchange;
import static io.jpm.agent.balancer.TestClients.readToEnd;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Proxying through a balanced port on 127.0.0.1: bytes, half-close, resets, load, binding. */
class PortBalancerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<AutoCloseable> cleanup = new ArrayList<>();
  private PortBalancer balancer;

  @BeforeEach
  void startBalancer() {
    balancer = new PortBalancer(BalancerOptions.DEFAULTS, BalancerListener.NONE);
  }

  @AfterEach
  void closeAll() throws Exception {
    balancer.close();
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T c) {
    cleanup.add(c);
    return c;
  }

  private BalancedPort openWith(TestBackend... backends) throws Exception {
    BalancedPort port = balancer.open("web", loopbackAnyPort(), BalanceStrategy.ROUND_ROBIN);
    for (TestBackend b : backends) {
      port.add(b.name(), b.port()).get(20, TimeUnit.SECONDS);
    }
    return port;
  }

  private static InetSocketAddress loopbackAnyPort() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  @Test
  void connection_echoBackend_getsItsBytesBack() throws Exception {
    BalancedPort port = openWith(closeLater(TestBackend.echo("a")));

    try (Socket s = connect(port)) {
      assertThat(exchange(s, "hello through jpm")).isEqualTo("hello through jpm");
      assertThat(exchange(s, "second round")).isEqualTo("second round");
    }
    Await.until("the connection is counted closed", WAIT, () -> port.snapshot().active() == 0);
    PortSnapshot snap = port.snapshot();
    assertThat(snap.accepted()).isEqualTo(1);
    assertThat(snap.backend("a").bytesToBackend()).isEqualTo(29);
    assertThat(snap.backend("a").bytesFromBackend()).isEqualTo(29);
  }

  @Test
  void connection_largePayloadBothWays_arrivesIntact() throws Exception {
    BalancedPort port = openWith(closeLater(TestBackend.echo("a")));
    byte[] payload = new byte[8 * 1024 * 1024 + 17];
    new Random(42).nextBytes(payload);

    try (Socket s = connect(port)) {
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  s.getOutputStream().write(payload);
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      byte[] back = s.getInputStream().readAllBytes();
      writer.get(20, TimeUnit.SECONDS);

      assertThat(back).hasSize(payload.length);
      assertThat(back).isEqualTo(payload);
    }
  }

  @Test
  void halfClose_clientShutsOutput_backendSeesEndAndStillAnswers() throws Exception {
    BalancedPort port = openWith(closeLater(TestBackend.echo("a")));

    try (Socket s = connect(port)) {
      s.getOutputStream().write("last words".getBytes(UTF_8));
      s.shutdownOutput();

      // The echo backend only closes once it saw the end of the client's stream.
      assertThat(readToEnd(s)).isEqualTo("last words");
    }
  }

  @Test
  void halfClose_backendShutsOutput_clientCanStillSend() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      BalancedPort port = balancer.open("web", loopbackAnyPort(), BalanceStrategy.ROUND_ROBIN);
      port.add("a", backend.getLocalPort()).get(20, TimeUnit.SECONDS);
      CompletableFuture<String> heard =
          CompletableFuture.supplyAsync(
              () -> {
                try (Socket conn = backend.accept()) {
                  conn.getOutputStream().write("bye".getBytes(UTF_8));
                  conn.shutdownOutput();
                  return new String(conn.getInputStream().readAllBytes(), UTF_8);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });

      try (Socket s = connect(port)) {
        assertThat(readToEnd(s)).isEqualTo("bye");
        s.getOutputStream().write("after your goodbye".getBytes(UTF_8));
        s.shutdownOutput();

        assertThat(heard.get(20, TimeUnit.SECONDS)).isEqualTo("after your goodbye");
      }
    }
  }

  @Test
  void clientReset_closesBackendSide() throws Exception {
    TestBackend backend = closeLater(TestBackend.echo("a"));
    BalancedPort port = openWith(backend);
    Socket s = connect(port);
    assertThat(exchange(s, "ping")).isEqualTo("ping");

    s.setSoLinger(true, 0);
    s.close(); // RST

    Await.until("the backend's connection is closed", WAIT, () -> backend.open() == 0);
    Await.until("the balancer forgot the connection", WAIT, () -> port.snapshot().active() == 0);
    try (Socket next = connect(port)) {
      assertThat(exchange(next, "still serving")).isEqualTo("still serving");
    }
  }

  @Test
  void backendReset_closesClientSide() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      BalancedPort port = balancer.open("web", loopbackAnyPort(), BalanceStrategy.ROUND_ROBIN);
      port.add("a", backend.getLocalPort()).get(20, TimeUnit.SECONDS);

      try (Socket s = connect(port)) {
        Socket conn = backend.accept();
        conn.setSoLinger(true, 0);
        conn.close(); // RST

        assertThat(endedByPeer(s)).isTrue();
      }
      Await.until("the balancer forgot the connection", WAIT, () -> port.snapshot().active() == 0);
    }
  }

  @Test
  void manyConcurrentConnections_allGetTheirAnswers() throws Exception {
    BalancedPort port =
        openWith(closeLater(TestBackend.echo("a")), closeLater(TestBackend.echo("b")));
    List<Socket> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket s = connect(port);
        clients.add(s);
        s.getOutputStream().write(("client " + i + ";").getBytes(UTF_8));
      }
      for (int i = 0; i < clients.size(); i++) {
        String expected = "client " + i + ";";
        InputStream in = clients.get(i).getInputStream();
        assertThat(new String(in.readNBytes(expected.length()), UTF_8)).isEqualTo(expected);
      }
      assertThat(port.snapshot().active()).isEqualTo(200);
    } finally {
      for (Socket s : clients) {
        s.close();
      }
    }
    PortSnapshot snap = port.snapshot();
    assertThat(snap.backend("a").connections() + snap.backend("b").connections()).isEqualTo(200);
  }

  @Test
  void open_portInUse_throwsBindExceptionNamingAddressAndApp() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

      assertThatThrownBy(() -> balancer.open("web", address, BalanceStrategy.ROUND_ROBIN))
          .isInstanceOf(BindException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("web");
    }
  }

  @Test
  void close_port_canBeOpenedAgainAtOnce() throws Exception {
    TestBackend backend = closeLater(TestBackend.echo("a"));
    BalancedPort first = openWith(backend);
    Socket open = closeLater(connect(first));
    assertThat(exchange(open, "x")).isEqualTo("x");
    InetSocketAddress address = first.address();

    first.close().get(20, TimeUnit.SECONDS);

    assertThat(endedByPeer(open)).isTrue();
    BalancedPort second = balancer.open("web", address, BalanceStrategy.ROUND_ROBIN);
    second.add("a", backend.port()).get(20, TimeUnit.SECONDS);
    try (Socket s = connect(second)) {
      assertThat(exchange(s, "again")).isEqualTo("again");
    }
  }
}
