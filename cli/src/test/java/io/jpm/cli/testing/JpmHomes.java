package io.jpm.cli.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.metrics.ProcStat;
import io.jpm.cli.testing.DistRunner.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JPM_HOMEs under one temp dir for tests that drive the built `jpm` with real agents, and the
 * cleanup that leaves nothing running afterwards.
 */
public final class JpmHomes implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path tmp;
  private final SpawnedProcesses processes = new SpawnedProcesses();
  private final List<Long> groups = new ArrayList<>();

  /** Homes under {@code tmp}, sharing one CDS cache. */
  public JpmHomes(Path tmp) {
    this.tmp = tmp;
  }

  /** A runner for JPM_HOME {@code tmp/name}. */
  public DistRunner home(String name) {
    return new DistRunner(tmp.resolve(name), DistRunner.SHARED_CACHE, processes);
  }

  /** Kills this process group at cleanup, whatever the test left of it. */
  public synchronized void killGroupAfter(long pgid) {
    groups.add(pgid);
  }

  /** `jpm jlist`, which must succeed, parsed. */
  public static JsonNode jlist(DistRunner jpm) throws Exception {
    Result r = jpm.jpm("jlist");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  /** True when the pid has exited (a zombie counts as exited). */
  public static boolean gone(long pid) {
    return ProcStat.read(pid).filter(s -> !s.isZombie()).isEmpty();
  }

  /** Kills agents first, then the registered app groups. */
  @Override
  public synchronized void close() throws Exception {
    // Agents first: a live agent would restart the instances killed below, and its apps outlive
    // it, so the restarted ones would be left running.
    processes.close();
    for (long pgid : groups) {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).start().waitFor();
    }
  }
}
