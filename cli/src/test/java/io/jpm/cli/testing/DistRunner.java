package io.jpm.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built distribution (target/jpm/bin/jpm) as a user would, with its own JPM_HOME. */
public final class DistRunner {
  /** The built distribution. */
  public static final Path DIST = Path.of("target", "jpm").toAbsolutePath();

  /**
   * The class-data archive cache the ITs share: the launcher trains its archives once per build (in
   * the background), not once per test; only LauncherIT, which tests that, uses its own.
   */
  public static final Path SHARED_CACHE = DIST.resolveSibling("jpm-cache");

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Path home;
  private final Path cache;
  private final SpawnedProcesses processes;

  /**
   * What a finished command printed.
   *
   * @param exitCode its exit code
   * @param out its stdout
   * @param err its stderr
   */
  public record Result(int exitCode, String out, String err) {}

  /** A runner whose commands use {@code home} as JPM_HOME and track what they start. */
  public DistRunner(Path home, Path cache, SpawnedProcesses processes) {
    this.home = home;
    this.cache = cache;
    this.processes = processes;
  }

  /** A process builder for {@code launcher args}, with JPM_HOME and the cache set. */
  public ProcessBuilder command(Path launcher, Map<String, String> env, String... args) {
    List<String> argv = new ArrayList<>(List.of(launcher.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder b = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE);
    b.environment().put("JPM_HOME", home.toString());
    b.environment().put("JPM_CACHE_DIR", cache.toString());
    b.environment().putAll(env);
    return b;
  }

  /** Runs {@code launcher args} to completion; agents it spawns are tracked for cleanup. */
  public Result run(Path launcher, Map<String, String> env, String... args) throws Exception {
    Process p = processes.track(command(launcher, env, args).start());
    p.getOutputStream().close();
    CompletableFuture<String> out = readAll(p.getInputStream());
    CompletableFuture<String> err = readAll(p.getErrorStream());
    assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("finished").isTrue();
    Result result = new Result(p.exitValue(), out.get(), err.get());
    processes.trackSpawned(result.err());
    return result;
  }

  /**
   * Starts {@code bin/jpm args} without waiting for it, its stdin closed; it is killed at cleanup
   * if it still runs.
   */
  public Process start(String... args) throws IOException {
    return start(DIST.resolve("bin/jpm"), args);
  }

  /** As {@link #start(String...)}, for {@code launcher args} (e.g. bin/jpm under a wrapper). */
  public Process start(Path launcher, String... args) throws IOException {
    Process p = processes.track(command(launcher, Map.of(), args).start());
    p.getOutputStream().close();
    return p;
  }

  /** Runs {@code bin/jpm args}. */
  public Result jpm(String... args) throws Exception {
    return run(DIST.resolve("bin/jpm"), Map.of(), args);
  }

  private static CompletableFuture<String> readAll(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
