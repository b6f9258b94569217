package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.supervision.Input;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.Await;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.HandoverRequest;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ResurrectRequest;
import io.jpm.messages.v1.SaveRequest;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Real agents (fake processes that outlive them) one after the other on one JPM_HOME: state.pb
 * survives leave and handover and is re-adopted, kill forgets it, save/resurrect round-trips.
 */
class AgentPersistenceIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path home;
  private final SynchronizedLauncher processes = new SynchronizedLauncher();
  private final ZContext ctx = new ZContext(1);
  private final List<Agent> agents = new ArrayList<>();
  private AgentPaths paths;

  @AfterEach
  void stopAgents() {
    agents.forEach(Agent::close);
    ctx.close();
  }

  private Agent startAgent() throws IOException {
    paths = new AgentPaths(home);
    Agent agent =
        Agent.start(AgentConfig.defaults(paths, "test-host"), processes, UsageMeter.none());
    agents.add(agent);
    return agent;
  }

  private Reply call(Request.Builder r) {
    try (TestControlClient client = TestControlClient.req(ctx, paths.controlEndpoint())) {
      return client.call(r.build());
    }
  }

  private static Request.Builder start(TestApp... apps) {
    StartRequest.Builder b = StartRequest.newBuilder();
    for (TestApp app : apps) {
      b.addApps(AgentProtos.toProto(app.build()));
    }
    return TestControlClient.request().setStart(b);
  }

  private static Request.Builder stop(String target) {
    return TestControlClient.request().setStop(StopRequest.newBuilder().addTargets(target));
  }

  private Map<String, ProcessInfo> list() {
    Reply r = call(TestControlClient.request().setList(ListRequest.getDefaultInstance()));
    return r.getProcesses().getProcessesList().stream()
        .collect(Collectors.toMap(p -> p.getName() + "#" + p.getInstance(), p -> p));
  }

  private List<String> homeFiles() throws IOException {
    try (Stream<Path> s = Files.list(home)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void leave_thenANewAgent_readoptsAppsWithTheirPidsAndCounters_andRestartsALaterExit()
      throws Exception {
    Agent first = startAgent();
    call(start(TestApp.named("web").instances(2), TestApp.named("batch")));
    call(stop("batch"));
    Map<String, ProcessInfo> before = list();

    first.leave();

    assertThat(first.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
    assertThat(processes.liveCount()).isEqualTo(2);
    assertThat(paths.stateFile()).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.stateFile())))
        .isEqualTo("rw-------");

    startAgent();
    Map<String, ProcessInfo> after = list();

    for (String web : List.of("web#0", "web#1")) {
      assertThat(after.get(web).getState()).isEqualTo(ProcessState.PROCESS_STATE_RUNNING);
      assertThat(after.get(web).getPid()).isEqualTo(before.get(web).getPid());
      assertThat(after.get(web).getId()).isEqualTo(before.get(web).getId());
      assertThat(after.get(web).getCreatedAtMs()).isEqualTo(before.get(web).getCreatedAtMs());
    }
    assertThat(after.get("batch#0").getState()).isEqualTo(ProcessState.PROCESS_STATE_STOPPED);
    assertThat(processes.liveCount()).isEqualTo(2);

    long adopted = after.get("web#0").getPid();
    assertThat(processes.exit(adopted, Input.Exited.UNKNOWN)).isTrue();

    Await.until(
        "web#0 replaced",
        WAIT,
        () -> {
          ProcessInfo p = list().get("web#0");
          return p.getRestarts() == 1
              && p.getState() == ProcessState.PROCESS_STATE_RUNNING
              && p.getPid() != adopted;
        });
  }

  @Test
  void handover_agentExitsLeavingAppsRunningAndItsStateOnDisk() throws Exception {
    Agent first = startAgent();
    call(start(TestApp.named("web")));

    Reply r = call(TestControlClient.request().setHandover(HandoverRequest.getDefaultInstance()));

    assertThat(r.getKill().getStopped()).isZero();
    assertThat(first.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(processes.liveCount()).isEqualTo(1);
    assertThat(homeFiles()).contains("state.pb").doesNotContain("agent.pid", "rpc.sock");

    startAgent();
    assertThat(list().get("web#0").getState()).isEqualTo(ProcessState.PROCESS_STATE_RUNNING);
    assertThat(processes.liveCount()).isEqualTo(1);
  }

  @Test
  void kill_stopsEveryAppAndRemovesTheState_soTheNextAgentStartsEmpty() throws Exception {
    Agent first = startAgent();
    call(start(TestApp.named("web")));
    Await.until("state written", WAIT, () -> Files.exists(paths.stateFile()));

    call(TestControlClient.request().setKill(KillRequest.getDefaultInstance()));

    assertThat(first.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(processes.liveCount()).isZero();
    assertThat(paths.stateFile()).doesNotExist();
    startAgent();
    assertThat(list()).isEmpty();
  }

  @Test
  void saveThenResurrect_onAFreshAgent_restoresRunningAppsRunningAndStoppedAppsStopped()
      throws Exception {
    Agent first = startAgent();
    call(start(TestApp.named("web").instances(2), TestApp.named("batch")));
    call(stop("batch"));

    Reply saved = call(TestControlClient.request().setSave(SaveRequest.getDefaultInstance()));

    assertThat(saved.getSave().getApps()).isEqualTo(2);
    assertThat(saved.getSave().getPath()).isEqualTo(paths.dumpFile().toString());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.dumpFile())))
        .isEqualTo("rw-------");
    first.close();
    assertThat(processes.liveCount()).isZero();
    assertThat(paths.dumpFile()).exists();

    startAgent();
    assertThat(list()).isEmpty();
    Reply resurrected = resurrect();

    assertThat(resurrected.getProcesses().getProcessesList())
        .extracting(p -> p.getName() + "#" + p.getInstance() + " " + p.getState())
        .containsExactly(
            "web#0 PROCESS_STATE_RUNNING",
            "web#1 PROCESS_STATE_RUNNING",
            "batch#0 PROCESS_STATE_STOPPED");
    assertThat(processes.liveCount()).isEqualTo(2);
    assertThat(resurrect().getProcesses().getProcessesList()).isEmpty();
    assertThat(list()).hasSize(3);
  }

  private Reply resurrect() {
    return call(TestControlClient.request().setResurrect(ResurrectRequest.getDefaultInstance()));
  }

  @Test
  void resurrect_nothingSaved_isAClearError() throws IOException {
    startAgent();

    Reply r = resurrect();

    assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(r.getError().getMessage())
        .isEqualTo("no saved process list at " + paths.dumpFile() + " (save one with `jpm save`)");
  }

  @Test
  void start_withACorruptStateFile_startsEmptyAndKeepsTheFileAside() throws IOException {
    paths = new AgentPaths(home);
    paths.createDirectories();
    Files.writeString(paths.stateFile(), "not a protobuf message at all");

    startAgent();

    assertThat(list()).isEmpty();
    assertThat(homeFiles()).anyMatch(f -> f.startsWith("state.pb.corrupt-"));
    call(start(TestApp.named("web")));
    Await.until("a fresh state.pb", WAIT, () -> Files.exists(paths.stateFile()));
  }
}
