package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet view: connection state, when it resyncs (gaps, new runs, heartbeats), hosts. */
class FleetViewTest {
  private static final Duration BEAT = Duration.ofSeconds(1);
  private static final HostEntry WEB1 =
      new HostEntry("web1", "ipc:///tmp/a/rpc.sock", "", Map.of("role", "web"), "inventory");
  private static final HostEntry DB1 =
      new HostEntry("db1", "ipc:///tmp/b/rpc.sock", "", Map.of("role", "db"), "inventory");
  private static final AgentInfo AGENT =
      new AgentInfo("run1", "1.2.3", Map.of("dc", "par"), "ipc:///tmp/a/pub.sock");

  private final FleetView view = new FleetView(BEAT, Duration.ofSeconds(2));
  private Instant now = Instant.parse("2030-01-01T00:00:00Z");

  @BeforeEach
  void follow() {
    view.follow(List.of(WEB1, DB1));
  }

  private static AgentEvent beat(String run, long seq, long lastState) {
    return AgentEvent.heartbeat(run, seq, new AgentEvent.Beat("1.2.3", lastState, 2, 1));
  }

  private static AgentEvent state(String run, long seq, int id, boolean deleted) {
    return AgentEvent.state(run, seq, new FleetProcess(id, "api", id, "default", true), deleted);
  }

  /** Pings web1, sends one heartbeat and answers the list: a synced host at state seq 5. */
  private void synced() {
    view.pinged("web1", AGENT, now);
    assertThat(view.event("web1", beat("run1", 1, 5), now)).isEqualTo(FollowUp.LIST);
    assertThat(view.listed("web1", List.of(), now)).isEqualTo(FollowUp.NONE);
  }

  @Test
  void follow_newHosts_areDisconnectedUntilPinged() {
    assertThat(view.snapshots(now))
        .extracting(HostSnapshot::name, HostSnapshot::connection)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("db1", Connection.DISCONNECTED),
            org.assertj.core.groups.Tuple.tuple("web1", Connection.DISCONNECTED));
    assertThat(view.pingsDue(now)).containsExactly("db1", "web1");
    assertThat(view.pingsDue(now)).as("not again at once").isEmpty();
    assertThat(view.pingsDue(now.plusSeconds(2))).containsExactly("db1", "web1");
  }

  @Test
  void pinged_hostIsConnected_withAgentLabelsOnTopOfDeclaredOnes() {
    view.pinged("web1", AGENT, now);

    HostSnapshot web1 = view.host("web1", now).orElseThrow();
    assertThat(web1.connection()).isEqualTo(Connection.CONNECTED);
    assertThat(web1.labels()).containsOnly(Map.entry("role", "web"), Map.entry("dc", "par"));
    assertThat(web1.agentVersion()).isEqualTo("1.2.3");
    assertThat(web1.lastSeen()).contains(now);
    assertThat(web1.problem()).isEmpty();
    assertThat(view.pingsDue(now)).containsExactly("db1");
    assertThat(view.select(HostPattern.parse("label:dc=par"))).containsExactly("web1");
  }

  @Test
  void firstEvent_afterConnecting_asksForAList() {
    view.pinged("web1", AGENT, now);

    assertThat(view.event("web1", beat("run1", 1, 0), now)).isEqualTo(FollowUp.LIST);
    assertThat(view.event("web1", beat("run1", 2, 0), now))
        .as("one list in flight is enough")
        .isEqualTo(FollowUp.NONE);
  }

  @Test
  void logEvent_beforeTheSeqIsKnown_waits() {
    view.pinged("web1", AGENT, now);

    assertThat(view.event("web1", AgentEvent.other("run1", 7), now)).isEqualTo(FollowUp.NONE);
  }

  @Test
  void stateEvents_inSequence_areAppliedWithoutResync() {
    synced();

    assertThat(view.event("web1", state("run1", 6, 0, false), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.event("web1", state("run1", 7, 1, false), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.event("web1", state("run1", 8, 0, true), now)).isEqualTo(FollowUp.NONE);

    assertThat(view.host("web1", now).orElseThrow().processes())
        .extracting(FleetProcess::id)
        .containsExactly(1);
  }

  @Test
  void stateSeqGap_asksForAList() {
    synced();

    assertThat(view.event("web1", state("run1", 8, 0, false), now)).isEqualTo(FollowUp.LIST);
  }

  @Test
  void heartbeatAheadOfLastStateSeen_asksForAList() {
    synced();

    assertThat(view.event("web1", beat("run1", 2, 5), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.event("web1", beat("run1", 3, 6), now)).isEqualTo(FollowUp.LIST);
  }

  @Test
  void gapWhileAListIsInFlight_asksAgainWhenItIsBack() {
    synced();
    assertThat(view.event("web1", state("run1", 9, 0, false), now)).isEqualTo(FollowUp.LIST);

    assertThat(view.event("web1", state("run1", 12, 0, false), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.listed("web1", List.of(), now)).isEqualTo(FollowUp.LIST);
    assertThat(view.listed("web1", List.of(), now)).isEqualTo(FollowUp.NONE);
  }

  @Test
  void newRunId_asksForPingAndList_andDropsTheOldProcesses() {
    synced();
    view.event("web1", state("run1", 6, 0, false), now);

    assertThat(view.event("web1", beat("run2", 1, 0), now)).isEqualTo(FollowUp.PING_AND_LIST);
    assertThat(view.host("web1", now).orElseThrow().processes()).isEmpty();
  }

  @Test
  void listed_replacesProcesses_andCountsComeFromHeartbeats() {
    synced();
    view.listed(
        "web1",
        List.of(
            new FleetProcess(0, "api", 0, "default", true),
            new FleetProcess(1, "api", 1, "default", false)),
        now);

    HostSnapshot web1 = view.host("web1", now).orElseThrow();
    assertThat(web1.processes()).hasSize(2);
    assertThat(web1.instances()).as("from the heartbeat").isEqualTo(2);
    assertThat(web1.running()).isEqualTo(1);
  }

  @Test
  void threeMissedBeats_disconnect_andTheNextBeatResyncs() {
    synced();

    assertThat(view.connected("web1", now.plus(BEAT.multipliedBy(3)))).isTrue();
    Instant later = now.plus(BEAT.multipliedBy(3)).plusMillis(1);
    assertThat(view.connected("web1", later)).isFalse();
    HostSnapshot web1 = view.host("web1", later).orElseThrow();
    assertThat(web1.connection()).isEqualTo(Connection.DISCONNECTED);
    assertThat(web1.problem()).isEqualTo("no heartbeat for 3s");
    assertThat(view.pingsDue(later)).contains("web1");

    assertThat(view.event("web1", beat("run1", 9, 5), later)).isEqualTo(FollowUp.LIST);
    assertThat(view.connected("web1", later)).isTrue();
  }

  @Test
  void follow_changedEndpoint_reopens_removedHost_closes_labelsChangeInPlace() {
    view.pinged("web1", AGENT, now);
    HostEntry moved = new HostEntry("web1", "ipc:///tmp/c/rpc.sock", "", Map.of(), "inventory");
    HostEntry relabelled = new HostEntry("db1", DB1.endpoint(), "", Map.of("x", "y"), "announced");

    FleetView.Changes changes = view.follow(List.of(moved, relabelled));

    assertThat(changes.closed()).containsExactly("web1");
    assertThat(changes.opened()).containsExactly(moved);
    assertThat(view.host("web1", now).orElseThrow().connection())
        .isEqualTo(Connection.DISCONNECTED);
    assertThat(view.host("db1", now).orElseThrow().labels()).containsOnly(Map.entry("x", "y"));
    assertThat(view.follow(List.of(moved)).closed()).containsExactly("db1");
  }

  @Test
  void pendingHosts_areListedButNeverSelected() {
    view.pending(List.of(new HostEntry("new1", "tcp://10.0.0.9:7700", "k", Map.of(), "announced")));

    assertThat(view.snapshots(now))
        .filteredOn(h -> h.name().equals("new1"))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.connection()).isEqualTo(Connection.PENDING);
              assertThat(h.problem()).contains("jpm keys accept new1");
            });
    assertThat(view.select(HostPattern.parse(""))).containsExactly("db1", "web1");
  }

  @Test
  void unknownHost_isIgnored() {
    assertThat(view.event("nope", beat("r", 1, 1), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.listed("nope", List.of(), now)).isEqualTo(FollowUp.NONE);
    assertThat(view.host("nope", now)).isEmpty();
  }
}
