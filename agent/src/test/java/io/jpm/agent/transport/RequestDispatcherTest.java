package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.Version;
import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.ExecutorScheduler;
import io.jpm.agent.supervision.ProcessLauncher;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.messages.v1.DescribeRequest;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.KillRequest;
import io.jpm.messages.v1.ListRequest;
import io.jpm.messages.v1.PingRequest;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ReloadRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.RestartRequest;
import io.jpm.messages.v1.ScaleRequest;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Maps commands to a real Supervisor on its loop (fake processes) and outcomes to replies. */
class RequestDispatcherTest {
  private static final AgentIdentity IDENTITY =
      new AgentIdentity(
          "host-a", 4242, "run-1", Instant.ofEpochMilli(1234), "ipc:///c.sock", "ipc:///e.sock");

  private final SupervisorLoop loop = new SupervisorLoop();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(loop);
  private final SynchronizedLauncher launcher = new SynchronizedLauncher();

  @AfterEach
  void stopLoop() {
    scheduler.close();
    loop.close();
  }

  private RequestDispatcher dispatcher(ProcessLauncher processes, Duration deadline) {
    return new RequestDispatcher(supervisor(processes), loop, IDENTITY, deadline);
  }

  private Supervisor supervisor(ProcessLauncher processes) {
    return new Supervisor(
        processes, scheduler, EventSink.none(), UsageMeter.none(), Clock.systemUTC(), loop);
  }

  private static Reply await(RequestDispatcher d, Request.Builder request) throws Exception {
    return d.handle(request.build()).get(20, TimeUnit.SECONDS);
  }

  private static Request.Builder start(TestApp app) {
    return TestControlClient.request()
        .setStart(StartRequest.newBuilder().addApps(AgentProtos.toProto(app.build())));
  }

  @Test
  void ping_answersTheAgentIdentity() throws Exception {
    Reply reply =
        await(
            dispatcher(launcher, Duration.ofSeconds(60)),
            TestControlClient.request().setPing(PingRequest.getDefaultInstance()));

    assertThat(reply.getPing().getHost()).isEqualTo("host-a");
    assertThat(reply.getPing().getPid()).isEqualTo(4242);
    assertThat(reply.getPing().getRunId()).isEqualTo("run-1");
    assertThat(reply.getPing().getStartedAtMs()).isEqualTo(1234);
    assertThat(reply.getPing().getVersion()).isEqualTo(Version.software());
    assertThat(reply.getPing().getControlEndpoint()).isEqualTo("ipc:///c.sock");
    assertThat(reply.getPing().getEventsEndpoint()).isEqualTo("ipc:///e.sock");
  }

  @Test
  void startThenList_answersRunningInstancesOfThisHost() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));

    await(d, start(TestApp.named("api").instances(2)));
    Reply list = await(d, TestControlClient.request().setList(ListRequest.getDefaultInstance()));

    assertThat(list.getProcesses().getProcessesList())
        .extracting(ProcessInfo::getName, ProcessInfo::getHost)
        .containsOnly(org.assertj.core.groups.Tuple.tuple("api", "host-a"));
    assertThat(list.getProcesses().getProcessesCount()).isEqualTo(2);
  }

  @Test
  void start_badKillSignal_answersInvalidArgumentAndStartsNothing() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));

    Reply reply = await(d, start(TestApp.named("api").stopSignal("NOPE")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(reply.getError().getMessage()).contains("kill_signal");
    assertThat(launcher.liveCount()).isZero();
  }

  @Test
  void start_nothingGiven_answersInvalidArgument() throws Exception {
    Reply reply =
        await(
            dispatcher(launcher, Duration.ofSeconds(60)),
            TestControlClient.request().setStart(StartRequest.getDefaultInstance()));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
  }

  @Test
  void restart_withEnvUpdatesAndReplacement_appliesThemToTheSpec() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));
    await(d, start(TestApp.named("api").env(java.util.Map.of("OLD", "1"))));

    Reply restarted =
        await(
            d,
            TestControlClient.request()
                .setRestart(
                    RestartRequest.newBuilder()
                        .addTargets("api")
                        .addApps(
                            AgentProtos.toProto(
                                TestApp.named("api").env(java.util.Map.of("NEW", "2")).build()))
                        .putEnvUpdates("ADDED", "3")
                        .putBaseEnv("PATH", "/usr/bin")));
    Reply described =
        await(
            d,
            TestControlClient.request()
                .setDescribe(DescribeRequest.newBuilder().addTargets("api")));

    assertThat(restarted.hasError()).as(restarted.getError().getMessage()).isFalse();
    assertThat(described.getDescribe().getDetails(0).getEnvNamesList())
        .containsExactly("ADDED", "NEW");
    assertThat(described.getDescribe().getDetails(0).getSpec().getBaseEnvCount()).isEqualTo(1);
  }

  @Test
  void reload_appWithoutCheck_answersReloadReplyNamingTheRestartedApp() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));
    long before = await(d, start(TestApp.named("api"))).getProcesses().getProcesses(0).getPid();

    Reply reloaded =
        await(
            d,
            TestControlClient.request()
                .setReload(
                    ReloadRequest.newBuilder().addTargets("api").putEnvUpdates("ADDED", "3")));

    assertThat(reloaded.hasError()).as(reloaded.getError().getMessage()).isFalse();
    assertThat(reloaded.getReload().getRestartedAppsList()).containsExactly("api");
    assertThat(reloaded.getReload().getProcesses(0).getPid()).isNotEqualTo(before);
  }

  @Test
  void reload_negativeParallel_answersInvalidArgument() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));
    await(d, start(TestApp.named("api")));

    Reply reply =
        await(
            d,
            TestControlClient.request()
                .setReload(ReloadRequest.newBuilder().addTargets("api").setParallel(-1)));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(reply.getError().getMessage()).contains("parallel must be at least 1");
  }

  @Test
  void restart_badReplacement_answersInvalidArgumentAndRestartsNothing() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));
    Reply started = await(d, start(TestApp.named("api")));

    Reply reply =
        await(
            d,
            TestControlClient.request()
                .setRestart(
                    RestartRequest.newBuilder()
                        .addTargets("api")
                        .addApps(
                            AgentProtos.toProto(TestApp.named("api").stopSignal("NOPE").build()))));
    Reply list = await(d, TestControlClient.request().setList(ListRequest.getDefaultInstance()));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(list.getProcesses().getProcesses(0).getPid())
        .isEqualTo(started.getProcesses().getProcesses(0).getPid());
  }

  @Test
  void scale_withoutCount_answersInvalidArgument() throws Exception {
    Reply reply =
        await(
            dispatcher(launcher, Duration.ofSeconds(60)),
            TestControlClient.request().setScale(ScaleRequest.newBuilder().setName("api")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(reply.getError().getMessage()).contains("count");
  }

  @Test
  void stop_unknownTarget_answersUnknownTarget() throws Exception {
    Reply reply =
        await(
            dispatcher(launcher, Duration.ofSeconds(60)),
            TestControlClient.request().setStop(StopRequest.newBuilder().addTargets("ghost")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TARGET);
  }

  @Test
  void stop_processThatOutlivesTheDeadline_answersTimeout() throws Exception {
    launcher.ignoreTerm("stubborn");
    Supervisor supervisor = supervisor(launcher);
    RequestDispatcher patient =
        new RequestDispatcher(supervisor, loop, IDENTITY, Duration.ofMinutes(1));
    RequestDispatcher hasty =
        new RequestDispatcher(supervisor, loop, IDENTITY, Duration.ofMillis(200));
    await(patient, start(TestApp.named("stubborn").killTimeout(Duration.ofHours(1))));

    // The stop can never finish: the process ignores TERM and KILL comes only after an hour.
    Reply reply =
        await(
            hasty, TestControlClient.request().setStop(StopRequest.newBuilder().addTargets("all")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_TIMEOUT);
    assertThat(reply.getError().getMessage()).contains("stop did not complete within 200ms");
  }

  @Test
  void describe_launcherThrows_answersInternalWithTheMessage() throws Exception {
    ProcessLauncher broken =
        new ProcessLauncher() {
          @Override
          public LaunchedProcess spawn(LaunchRequest request) throws SpawnException {
            return launcher.spawn(request);
          }

          @Override
          public LaunchedProcess adopt(AdoptRequest request) throws SpawnException {
            return launcher.adopt(request);
          }

          @Override
          public void signalGroup(long pgid, String signal) {
            launcher.signalGroup(pgid, signal);
          }

          @Override
          public LogFiles logFiles(String app, int index) {
            throw new IllegalStateException("log dir vanished");
          }
        };
    RequestDispatcher d = dispatcher(broken, Duration.ofSeconds(60));
    await(d, start(TestApp.named("api")));

    Reply reply =
        await(
            d,
            TestControlClient.request()
                .setDescribe(DescribeRequest.newBuilder().addTargets("api")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INTERNAL);
    assertThat(reply.getError().getMessage()).contains("log dir vanished");
  }

  @Test
  void kill_runningInstances_answersHowManyWereStopped() throws Exception {
    RequestDispatcher d = dispatcher(launcher, Duration.ofSeconds(60));
    await(d, start(TestApp.named("api").instances(3)));

    Reply reply = await(d, TestControlClient.request().setKill(KillRequest.getDefaultInstance()));
    Reply after = await(d, start(TestApp.named("late")));

    assertThat(reply.getKill().getStopped()).isEqualTo(3);
    assertThat(launcher.liveCount()).isZero();
    assertThat(after.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_SHUTTING_DOWN);
  }
}
