package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.SpawnedProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of separate hosts: deploy/fleet-demo puts each agent in its own network namespace with
 * its own address, bound on TCP with CURVE, and a controller whose key they authorize; the built
 * `jpm` then drives them with --hosts. Runs only where `ip netns` works (root).
 */
class FleetNetnsIT {
  private static final Path SCRIPT =
      Path.of("..", "deploy", "fleet-demo", "fleet-demo.sh").toAbsolutePath().normalize();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final SpawnedProcesses processes = new SpawnedProcesses();
  private String prefix;
  private Path dir;
  private DistRunner jpm;

  @BeforeEach
  void up() throws Exception {
    assumeTrue(netnsWorks(), "ip netns needs root");
    prefix = "jpmit" + ProcessHandle.current().pid() % 100_000;
    dir = tmp.resolve("fleet");
    Result up = demo("up", "web1:role=web", "web2:role=web", "db1:role=db");
    assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
    jpm = new DistRunner(dir.resolve("controller"), DistRunner.SHARED_CACHE, processes);
  }

  @AfterEach
  void down() throws Exception {
    if (dir != null) {
      demo("down");
    }
    processes.close();
  }

  private static boolean netnsWorks() throws Exception {
    String name = "jpmprobe" + ProcessHandle.current().pid();
    Process add = new ProcessBuilder("ip", "netns", "add", name).redirectErrorStream(true).start();
    add.getInputStream().readAllBytes();
    if (!add.waitFor(10, TimeUnit.SECONDS) || add.exitValue() != 0) {
      return false;
    }
    new ProcessBuilder("ip", "netns", "del", name).start().waitFor(10, TimeUnit.SECONDS);
    return true;
  }

  private Result demo(String... args) throws Exception {
    List<String> argv = new ArrayList<>(List.of(SCRIPT.toString()));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--prefix", prefix, "--dir", dir.toString()));
    ProcessBuilder b = new ProcessBuilder(argv);
    b.environment().put("JPM", DistRunner.DIST.resolve("bin/jpm").toString());
    b.environment().put("JPM_CACHE_DIR", DistRunner.SHARED_CACHE.toString());
    Path log = Files.createTempFile(tmp, "demo", ".log");
    Process p = b.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertThat(p.waitFor(WAIT.toSeconds() * 3, TimeUnit.SECONDS)).as("demo " + args[0]).isTrue();
    return new Result(p.exitValue(), Files.readString(log), "");
  }

  private List<String> connected() throws Exception {
    Result hosts = jpm.jpm("hosts", "--json");
    List<String> out = new ArrayList<>();
    if (hosts.exitCode() == 0) {
      for (JsonNode h : JSON.readTree(hosts.out())) {
        if (h.path("connection").asText().equals("connected")) {
          out.add(h.get("host").asText());
        }
      }
    }
    return out;
  }

  @Test
  void agentsInSeparateNamespaces_labelTargeting_perHostResults_downHostNotConnected()
      throws Exception {
    Await.until("3 hosts connected", WAIT, () -> uncheck(() -> connected().size() == 3));
    Path app = Files.writeString(tmp.resolve("tick.sh"), "while true; do sleep 1; done\n");

    Result start = jpm.jpm("--hosts", "label:role=web", "start", app.toString(), "--name", "tick");
    Result rows = jpm.jpm("--hosts", "*", "jlist");
    Result stopOnDb = jpm.jpm("--hosts", "db1", "stop", "tick");

    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).contains("web1", "web2").doesNotContain("db1");
    List<String> tickHosts = new ArrayList<>();
    for (JsonNode row : JSON.readTree(rows.out())) {
      assertThat(row.get("status").asText()).isEqualTo("online");
      tickHosts.add(row.get("host").asText());
    }
    assertThat(tickHosts).containsExactlyInAnyOrder("web1", "web2");
    assertThat(stopOnDb.exitCode()).isEqualTo(1);
    assertThat(stopOnDb.out()).contains("db1").contains("failed");

    Result kill =
        new DistRunner(dir.resolve("web2"), DistRunner.SHARED_CACHE, processes)
            .run(DistRunner.DIST.resolve("bin/jpm"), Map.of(), "kill");
    assertThat(kill.exitCode()).isZero();
    Await.until("web2 seen down", WAIT, () -> uncheck(() -> !connected().contains("web2")));
    Result restart = jpm.jpm("--hosts", "web*", "restart", "tick");

    assertThat(restart.exitCode()).isNotZero();
    assertThat(restart.out()).containsPattern("web1 +ok").containsPattern("web2 +not connected");
  }

  private interface Check {
    boolean get() throws Exception;
  }

  private static boolean uncheck(Check check) {
    try {
      return check.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
