package io.jpm.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What an embedding adds to an agent: its sinks told after the event feed, and its signal rule. */
class AgentEmbeddingTest {
  private final List<String> calls = new ArrayList<>();

  private static InstanceSnapshot snapshot() {
    return new InstanceSnapshot(
        7, "web", "default", 0, 42, ProcessState.RUNNING, true, 0, 0, 0, 0, 0, null, Instant.EPOCH);
  }

  private AgentEmbedding recording() {
    return new AgentEmbedding(
        (s, previous, reason, deleted) -> calls.add("embedding state " + s.id() + " " + reason),
        line -> calls.add("embedding line " + line.text()),
        AgentEmbedding.OnSignal.STOP_APPS);
  }

  @Test
  void statesAfter_tellsTheFeedThenTheEmbedding() {
    AgentEmbedding embedding = recording();

    embedding
        .statesAfter((s, previous, reason, deleted) -> calls.add("feed state " + s.id()))
        .stateChanged(snapshot(), ProcessState.STARTING, "spawned", false);

    assertThat(calls).containsExactly("feed state 7", "embedding state 7 spawned");
  }

  @Test
  void linesAfter_tellsTheFeedThenTheEmbedding() {
    AgentEmbedding embedding = recording();

    embedding
        .linesAfter(line -> calls.add("feed line " + line.text()))
        .line(new CapturedLine("web", 7, 0, LogStream.OUT, "hello", false));

    assertThat(calls).containsExactly("feed line hello", "embedding line hello");
  }

  @Test
  void none_leavesAppsRunningOnASignal() {
    assertThat(AgentEmbedding.none().onSignal()).isEqualTo(AgentEmbedding.OnSignal.LEAVE_APPS);
  }
}
