package io.jpm.agent.supervision;

import static io.jpm.agent.supervision.ProcessState.BACKOFF;
import static io.jpm.agent.supervision.ProcessState.EXITED;
import static io.jpm.agent.supervision.ProcessState.FATAL;
import static io.jpm.agent.supervision.ProcessState.RUNNING;
import static io.jpm.agent.supervision.ProcessState.STARTING;
import static io.jpm.agent.supervision.ProcessState.STOPPED;
import static io.jpm.agent.supervision.ProcessState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.supervision.Input.InputType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Walks every (state, input) pair of the state machine against an expected table. */
class TransitionsTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant LATER = START.plusSeconds(5);
  private static final String THROWS = "throws";

  /**
   * Expected next state per (state, input), default policy (no readiness check), the process having
   * run 5 s. Every pair must be listed: adding a state or input fails this table first.
   */
  private static final Map<ProcessState, Map<InputType, String>> TABLE =
      Map.of(
          STOPPED,
          row("STARTING", "STOPPED", "STARTING", THROWS, THROWS, THROWS, THROWS, THROWS, "RUNNING"),
          STARTING,
          row(
              "STARTING",
              "STOPPING",
              "STOPPING",
              "RUNNING",
              "FATAL",
              "STARTING",
              "RUNNING",
              THROWS,
              THROWS),
          RUNNING,
          row(
              "RUNNING",
              "STOPPING",
              "STOPPING",
              THROWS,
              THROWS,
              "STARTING",
              "RUNNING",
              THROWS,
              THROWS),
          BACKOFF,
          row(
              "STARTING",
              "STOPPED",
              "STARTING",
              THROWS,
              THROWS,
              THROWS,
              THROWS,
              "STARTING",
              THROWS),
          STOPPING,
          row(
              "STOPPING",
              "STOPPING",
              "STOPPING",
              THROWS,
              THROWS,
              "STOPPED",
              "STOPPING",
              "STOPPING",
              THROWS),
          EXITED,
          row("STARTING", "STOPPED", "STARTING", THROWS, THROWS, THROWS, THROWS, THROWS, THROWS),
          FATAL,
          row("STARTING", "STOPPED", "STARTING", THROWS, THROWS, THROWS, THROWS, THROWS, THROWS));

  private static Map<InputType, String> row(String... next) {
    InputType[] order = {
      InputType.START_REQUESTED,
      InputType.STOP_REQUESTED,
      InputType.RESTART_REQUESTED,
      InputType.SPAWNED,
      InputType.SPAWN_FAILED,
      InputType.EXITED,
      InputType.READY_SIGNALLED,
      InputType.TIMER_FIRED,
      InputType.ADOPTED
    };
    assertThat(next).hasSize(order.length);
    Map<InputType, String> m = new java.util.EnumMap<>(InputType.class);
    for (int i = 0; i < order.length; i++) {
      m.put(order[i], next[i]);
    }
    return m;
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (ProcessState s : EnumSet.allOf(ProcessState.class)) {
      for (InputType t : EnumSet.allOf(InputType.class)) {
        pairs.add(Arguments.of(s, t));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} x {1}")
  @MethodSource("everyPair")
  void next_everyStateAndInput_matchesTable(ProcessState state, InputType type) {
    assertThat(TABLE).containsKey(state);
    String expected = TABLE.get(state).get(type);
    assertThat(expected).as("table entry for %s x %s", state, type).isNotNull();
    InstanceState s = in(state);
    Input input = inputFor(type, state);
    if (expected.equals(THROWS)) {
      assertThatThrownBy(() -> Transitions.next(s, input, InstancePolicy.defaults(), LATER))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(state.name());
    } else {
      Decision d = Transitions.next(s, input, InstancePolicy.defaults(), LATER);
      assertThat(d.next().state()).isEqualTo(ProcessState.valueOf(expected));
    }
  }

  /** A record in {@code state} as the machine would hold it. */
  static InstanceState in(ProcessState state) {
    InstanceState base = InstanceState.initial().in(state);
    if (state.hasProcess()) {
      base = base.withProcess(42, START);
    }
    return base.wanting(state != STOPPED && state != EXITED && state != STOPPING);
  }

  /** A representative input of each type; timers are of the kind the state runs. */
  static Input inputFor(InputType type, ProcessState state) {
    return switch (type) {
      case START_REQUESTED -> new Input.StartRequested();
      case STOP_REQUESTED -> new Input.StopRequested();
      case RESTART_REQUESTED -> new Input.RestartRequested();
      case SPAWNED -> new Input.Spawned(43);
      case SPAWN_FAILED -> new Input.SpawnFailed("no such file");
      case EXITED -> new Input.Exited(1);
      case READY_SIGNALLED -> new Input.ReadySignalled();
      case TIMER_FIRED ->
          new Input.TimerFired(
              switch (state) {
                case STARTING -> TimerKind.READY;
                case STOPPING -> TimerKind.KILL;
                default -> TimerKind.BACKOFF;
              });
      case ADOPTED -> new Input.Adopted(44, START);
    };
  }

  static Duration ms(long n) {
    return Duration.ofMillis(n);
  }
}
