package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogCommands;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.ExecutorScheduler;
import io.jpm.agent.supervision.LogTarget;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestApp;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.FlushRequest;
import io.jpm.messages.v1.LogLine;
import io.jpm.messages.v1.LogTailRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.SendRequest;
import io.jpm.messages.v1.StartRequest;
import io.jpm.messages.v1.StopRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** flush, send and log_tail: targets resolved by the real Supervisor, file work recorded. */
class LogRequestsTest {
  private static final AgentIdentity IDENTITY =
      new AgentIdentity("h", 1, "run", Instant.EPOCH, "ipc:///c", "ipc:///e");

  private final SupervisorLoop loop = new SupervisorLoop();
  private final ExecutorScheduler scheduler = new ExecutorScheduler(loop);
  private final Supervisor supervisor =
      new Supervisor(
          new SynchronizedLauncher(),
          scheduler,
          EventSink.none(),
          UsageMeter.none(),
          Clock.systemUTC(),
          loop);
  private final List<String> calls = new ArrayList<>();
  private final RequestDispatcher dispatcher =
      new RequestDispatcher(
          supervisor,
          loop,
          IDENTITY,
          Duration.ofSeconds(20),
          recording(),
          StateCommands.unsupported());

  @AfterEach
  void stop() {
    scheduler.close();
    loop.close();
  }

  private LogCommands recording() {
    return new LogCommands() {
      @Override
      public synchronized CompletableFuture<Void> flush(List<LogTarget> targets) {
        calls.add("flush " + ids(targets));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public synchronized CompletableFuture<Void> send(List<LogTarget> targets, String line) {
        calls.add("send " + ids(targets) + " " + line);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public synchronized CompletableFuture<List<CapturedLine>> tail(
          List<LogTarget> targets, int lines, Set<LogStream> streams) {
        calls.add("tail " + ids(targets) + " " + lines + " " + streams);
        return CompletableFuture.completedFuture(
            List.of(new CapturedLine("web", 0, 0, LogStream.ERR, "boom", false)));
      }
    };
  }

  private static List<Integer> ids(List<LogTarget> targets) {
    return targets.stream().map(t -> t.instance().id()).toList();
  }

  private Reply call(Request.Builder r) throws Exception {
    return dispatcher.handle(r.build()).get(20, TimeUnit.SECONDS);
  }

  private void startWebAndDb() throws Exception {
    call(
        TestControlClient.request()
            .setStart(
                StartRequest.newBuilder()
                    .addApps(AgentProtos.toProto(TestApp.named("web").instances(2).build()))
                    .addApps(AgentProtos.toProto(TestApp.named("db").build()))));
  }

  @Test
  void flush_noTarget_flushesEveryInstanceAndAnswersTheirRows() throws Exception {
    startWebAndDb();

    Reply reply = call(TestControlClient.request().setFlush(FlushRequest.getDefaultInstance()));

    assertThat(reply.getProcesses().getProcessesCount()).isEqualTo(3);
    assertThat(calls).containsExactly("flush [0, 1, 2]");
  }

  @Test
  void send_appWithARunningInstance_writesToTheRunningOnesOnly() throws Exception {
    startWebAndDb();
    call(TestControlClient.request().setStop(StopRequest.newBuilder().addTargets("1")));

    Reply reply =
        call(
            TestControlClient.request()
                .setSend(SendRequest.newBuilder().setTarget("web").setLine("hi")));

    assertThat(reply.getProcesses().getProcesses(0).getId()).isZero();
    assertThat(calls).containsExactly("send [0] hi");
  }

  @Test
  void send_nothingRunning_isRejectedInState() throws Exception {
    startWebAndDb();
    call(TestControlClient.request().setStop(StopRequest.newBuilder().addTargets("db")));

    Reply reply =
        call(
            TestControlClient.request()
                .setSend(SendRequest.newBuilder().setTarget("db").setLine("hi")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_REJECTED_IN_STATE);
    assertThat(calls).isEmpty();
  }

  @Test
  void logTail_defaults_fifteenLinesOfBothStreams() throws Exception {
    startWebAndDb();

    Reply reply =
        call(TestControlClient.request().setLogTail(LogTailRequest.newBuilder().addTargets("db")));

    assertThat(calls).containsExactly("tail [2] 15 [OUT, ERR]");
    assertThat(reply.getLogTail().getLinesList())
        .containsExactly(
            LogLine.newBuilder()
                .setApp("web")
                .setStream(LogLine.Stream.STREAM_ERR)
                .setLine("boom")
                .build());
  }

  @Test
  void logTail_oneStreamAndTooManyLines_filtersOrRefuses() throws Exception {
    startWebAndDb();

    call(
        TestControlClient.request()
            .setLogTail(
                LogTailRequest.newBuilder().setLines(3).setStream(LogLine.Stream.STREAM_ERR)));
    Reply tooMany =
        call(TestControlClient.request().setLogTail(LogTailRequest.newBuilder().setLines(10_001)));

    assertThat(calls).containsExactly("tail [0, 1, 2] 3 [ERR]");
    assertThat(tooMany.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
  }

  @Test
  void flush_unknownTarget_isUnknownTarget() throws Exception {
    startWebAndDb();

    Reply reply =
        call(TestControlClient.request().setFlush(FlushRequest.newBuilder().addTargets("nope")));

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_UNKNOWN_TARGET);
  }

  @Test
  void logCommands_agentWithoutCapture_areInvalidArgument() throws Exception {
    RequestDispatcher plain =
        new RequestDispatcher(supervisor, loop, IDENTITY, Duration.ofSeconds(20));

    Reply reply =
        plain
            .handle(TestControlClient.request().setFlush(FlushRequest.getDefaultInstance()).build())
            .get(20, TimeUnit.SECONDS);

    assertThat(reply.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(reply.getError().getMessage()).contains("does not capture output");
  }
}
