package io.jpm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.Version;
import io.jpm.agent.testing.Await;
import io.jpm.cli.testing.DistRunner;
import io.jpm.cli.testing.DistRunner.Result;
import io.jpm.cli.testing.FakeAgentMain;
import io.jpm.cli.testing.SpawnedProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution (target/jpm/bin/jpm) and ./jpm, run as a user runs them. */
class LauncherIT {
  private static final Path DIST = DistRunner.DIST;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String VERSION_LINE =
      "jpm " + Version.software() + " (protocol " + Version.PROTOCOL + ")\n";

  @TempDir Path tmp;
  private final SpawnedProcesses processes = new SpawnedProcesses();

  private DistRunner runner;

  @BeforeEach
  void runner() {
    runner = new DistRunner(tmp.resolve("home"), tmp.resolve("cache"), processes);
  }

  @AfterEach
  void killEverything() throws Exception {
    processes.close();
  }

  private ProcessBuilder command(Path launcher, Map<String, String> env, String... args) {
    return runner.command(launcher, env, args);
  }

  private Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
    return runner.run(launcher, env, args);
  }

  private Result jpm(String... args) throws Exception {
    return runner.jpm(args);
  }

  private List<Path> cacheFiles() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      return files.toList();
    }
  }

  /** The first run trains (JPM_TRAIN_WAIT: in the foreground), in a scratch dir under TMPDIR. */
  private Result firstRun() throws Exception {
    return run(
        DIST.resolve("bin/jpm"),
        Map.of("JPM_TRAIN_WAIT", "1", "TMPDIR", scratch().toString()),
        "--version");
  }

  /** The launcher's id of this distribution: cksum of its directory (as `cksum <<<"$dist"`). */
  private static String distId() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "sh", "-c", "printf '%s\\n' \"$0\" | cksum", DIST.toRealPath().toString())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    return out.split(" ")[0];
  }

  private Path scratch() throws IOException {
    return Files.createDirectories(tmp.resolve("scratch"));
  }

  private List<String> archives() throws IOException {
    return cacheFiles().stream()
        .map(p -> p.getFileName().toString())
        .filter(n -> !n.equals("train.lock"))
        .sorted()
        .toList();
  }

  /**
   * One training run covers it all (each takes tens of seconds on a loaded 2-core box): three first
   * runs at once all succeed, the one that gets the training lock trains in the foreground
   * (JPM_TRAIN_WAIT) while the others go on without waiting, and afterwards there is exactly one
   * archive of each kind, stale ones are gone, and no training home is left behind.
   */
  @Test
  void concurrentFirstRuns_allSucceed_oneTrainsBothArchives_staleOnesGo_nothingLeftBehind()
      throws Exception {
    Files.createDirectories(tmp.resolve("cache"));
    String ours = distId();
    Files.writeString(
        tmp.resolve("cache/cli-17-" + ours + "-1-1.jsa"), "an archive of an older build");
    Files.writeString(
        tmp.resolve("cache/cli-25-" + ours + "1-1-1.aot"), "another installation's archive");
    List<CompletableFuture<Result>> runs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      runs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return firstRun();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }

    for (CompletableFuture<Result> r : runs) {
      assertThat(r.get()).isEqualTo(new Result(0, VERSION_LINE, ""));
    }
    String id = distId();
    List<String> mine = archives().stream().filter(n -> !n.contains(id + "1-")).toList();
    assertThat(mine).hasSize(2);
    assertThat(mine.get(0)).startsWith("agent-").matches(".*-" + id + "-.*\\.(aot|jsa)");
    assertThat(mine.get(1)).startsWith("cli-").matches(".*-" + id + "-.*\\.(aot|jsa)");
    assertThat(archives()).as("another installation's archive stays").hasSize(3);
    try (Stream<Path> left = Files.list(scratch())) {
      assertThat(left).as("training homes left in TMPDIR").isEmpty();
    }
    assertThat(jpm("--version")).isEqualTo(new Result(0, VERSION_LINE, ""));
  }

  @Test
  void distributionCopiedElsewhere_runsWithoutTheSourceTree() throws Exception {
    Path unpacked = Files.createDirectory(tmp.resolve("unpacked"));
    Path tarball = DIST.resolveSibling("jpm-" + Version.software() + ".tar.gz");
    Process tar =
        processes.track(
            new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
                .inheritIO()
                .start());
    assertThat(tar.waitFor()).isZero();

    Result run = run(unpacked.resolve("jpm/bin/jpm"), Map.of("PATH", "/usr/bin:/bin"), "-V");

    assertThat(run).isEqualTo(new Result(0, VERSION_LINE, ""));
  }

  @Test
  void jpmJava_isTheJavaUsed_withTheCliFlags() throws Exception {
    Path log = tmp.resolve("java-args");
    Path wrapper = tmp.resolve("java");
    Files.writeString(
        wrapper,
        "#!/bin/sh\necho \"$@\" > '"
            + log
            + "'\nexec '"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' \"$@\"\n");
    assertThat(wrapper.toFile().setExecutable(true)).isTrue();

    Result run = run(DIST.resolve("bin/jpm"), Map.of("JPM_JAVA", wrapper.toString()), "-V");

    assertThat(run.exitCode()).isZero();
    assertThat(Files.readString(log))
        .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
        .doesNotContain("AOTCache");
  }

  @Test
  void ping_noAgent_exits4AndSpawnsNothing() throws Exception {
    Result run = jpm("ping");

    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo("jpm: ping failed: no agent is running for " + tmp.resolve("home") + "\n");
    assertThat(tmp.resolve("home")).doesNotExist();
  }

  @Test
  void pingJsonAndKill_againstAnAgentOverIpc() throws Exception {
    startFakeAgent();

    Result ping = jpm("ping", "--json");
    Result kill = jpm("kill");

    assertThat(ping.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(ping.out());
    assertThat(json.get("version").asText()).isEqualTo(Version.software());
    assertThat(json.get("endpoints").get("control").asText())
        .isEqualTo(new AgentPaths(tmp.resolve("home")).controlEndpoint());
    assertThat(kill.exitCode()).isZero();
    assertThat(kill.out()).startsWith("agent stopped (pid " + json.get("pid").asLong());
    assertThat(ProcessHandle.of(json.get("pid").asLong())).isEmpty();
  }

  @Test
  void eventsJson_printsOneJsonLinePerPublishedMessage() throws Exception {
    startFakeAgent();
    Process events =
        processes.track(command(DIST.resolve("bin/jpm"), Map.of(), "events", "--json").start());

    BufferedReader lines =
        new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> readLine(lines)).get(60, TimeUnit.SECONDS);

    JsonNode event = new ObjectMapper().readTree(line);
    assertThat(event.get("type").asText()).isEqualTo("heartbeat");
    assertThat(event.get("host").asText()).isEqualTo("fake");
  }

  @Test
  void rootScript_withABuiltDistribution_runsIt() throws Exception {
    Result run = run(Path.of("..", "jpm").toAbsolutePath().normalize(), Map.of(), "--version");

    assertThat(run).isEqualTo(new Result(0, VERSION_LINE, ""));
  }

  private void startFakeAgent() throws IOException {
    ProcessBuilder agent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FakeAgentMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("fake-agent.log").toFile());
    agent.environment().put("JPM_HOME", tmp.resolve("home").toString());
    processes.track(agent.start());
    Path socket = tmp.resolve("home/rpc.sock");
    Await.until("the fake agent's socket " + socket, WAIT, () -> Files.exists(socket));
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
