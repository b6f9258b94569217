package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.LogCommands;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.EventSink;
import io.jpm.agent.supervision.ExecutorScheduler;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.Supervisor;
import io.jpm.agent.supervision.SupervisorLoop;
import io.jpm.agent.supervision.UsageMeter;
import io.jpm.agent.testing.SynchronizedLauncher;
import io.jpm.agent.testing.TestControlClient;
import io.jpm.messages.v1.ErrorCode;
import io.jpm.messages.v1.HandoverRequest;
import io.jpm.messages.v1.Reply;
import io.jpm.messages.v1.Request;
import io.jpm.messages.v1.ResurrectRequest;
import io.jpm.messages.v1.SaveRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** save, resurrect and handover routed to the agent's StateCommands, and their replies. */
class RequestDispatcherStateTest {
  private static final AgentIdentity IDENTITY =
      new AgentIdentity("host-a", 1, "run-1", Instant.EPOCH, "ipc:///c.sock", "ipc:///e.sock");

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

  /** Answers with canned results and counts handovers. */
  private static final class CannedState implements StateCommands {
    int handovers;

    @Override
    public CompletableFuture<Saved> save() {
      return CompletableFuture.completedFuture(new Saved(Path.of("/home/me/.jpm/dump.pb"), 3));
    }

    @Override
    public CompletableFuture<List<InstanceSnapshot>> resurrect() {
      return CompletableFuture.failedFuture(
          new CommandException(
              CommandException.Failure.INVALID_ARGUMENT, "no saved process list at /x/dump.pb"));
    }

    @Override
    public CompletableFuture<Void> handover() {
      handovers++;
      return CompletableFuture.completedFuture(null);
    }
  }

  private final CannedState state = new CannedState();

  @AfterEach
  void stopLoop() {
    scheduler.close();
    loop.close();
  }

  private Reply call(RequestDispatcher d, Request.Builder request) throws Exception {
    return d.handle(request.build()).get(20, TimeUnit.SECONDS);
  }

  private RequestDispatcher withState() {
    return new RequestDispatcher(
        supervisor, loop, IDENTITY, Duration.ofSeconds(20), LogCommands.unsupported(), state);
  }

  @Test
  void save_answersWhereAndHowManyApps() throws Exception {
    Reply r =
        call(withState(), TestControlClient.request().setSave(SaveRequest.getDefaultInstance()));

    assertThat(r.getSave().getPath()).isEqualTo("/home/me/.jpm/dump.pb");
    assertThat(r.getSave().getApps()).isEqualTo(3);
  }

  @Test
  void resurrect_failure_isAnErrorReplyWithTheMessage() throws Exception {
    Reply r =
        call(
            withState(),
            TestControlClient.request().setResurrect(ResurrectRequest.getDefaultInstance()));

    assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(r.getError().getMessage()).isEqualTo("no saved process list at /x/dump.pb");
  }

  @Test
  void handover_answersKillReplyWithNothingStopped() throws Exception {
    Reply r =
        call(
            withState(),
            TestControlClient.request().setHandover(HandoverRequest.getDefaultInstance()));

    assertThat(r.hasKill()).isTrue();
    assertThat(r.getKill().getStopped()).isZero();
    assertThat(state.handovers).isEqualTo(1);
  }

  @Test
  void save_dispatcherWithoutStateFiles_saysItIsNotAvailable() throws Exception {
    RequestDispatcher plain =
        new RequestDispatcher(supervisor, loop, IDENTITY, Duration.ofSeconds(20));

    Reply r = call(plain, TestControlClient.request().setSave(SaveRequest.getDefaultInstance()));

    assertThat(r.getError().getCode()).isEqualTo(ErrorCode.ERROR_CODE_INVALID_ARGUMENT);
    assertThat(r.getError().getMessage()).contains("'save' is not available");
  }
}
