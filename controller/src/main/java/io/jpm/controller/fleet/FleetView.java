package io.jpm.controller.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The controller's picture of its fleet: per host how it is declared, whether it answers, when it
 * was last seen, the agent's version and labels, and its processes (a ListRequest, then every
 * {@code state.*} event on top).
 *
 * <p>It decides when that picture may be wrong and must be re-read ({@link FollowUp#LIST}): at the
 * first event after (re)connecting, on a gap in the {@code state} sequence, on a heartbeat whose
 * {@code last_state_seq} is ahead of the last change seen, and on a new agent run (then with a ping
 * first). A host is connected while something arrives; {@link #MISSED_BEATS} beat intervals of
 * silence make it disconnected.
 *
 * <p>Thread-safety: every method is synchronized; the controller's IO thread feeds it and the
 * request handler reads snapshots.
 */
public final class FleetView {
  /** Silent beat intervals after which a host counts as disconnected. */
  public static final int MISSED_BEATS = 3;

  private final Duration beat;
  private final Duration pingEvery;
  private final Map<String, HostState> hosts = new TreeMap<>();
  private final Map<String, HostEntry> pending = new TreeMap<>();

  /**
   * @param beat the agents' heartbeat interval
   * @param pingEvery how often a host that does not answer is pinged again
   */
  public FleetView(Duration beat, Duration pingEvery) {
    this.beat = beat;
    this.pingEvery = pingEvery;
  }

  /**
   * Sets the hosts to follow; a host whose entry changed (endpoint or key) starts over.
   *
   * @return the hosts whose links must be (re)opened and those whose links must be closed
   */
  public synchronized Changes follow(List<HostEntry> entries) {
    Map<String, HostEntry> wanted = new TreeMap<>();
    entries.forEach(e -> wanted.put(e.name(), e));
    List<HostEntry> opened = new ArrayList<>();
    List<String> closed = new ArrayList<>();
    for (String name : List.copyOf(hosts.keySet())) {
      HostEntry now = wanted.get(name);
      HostState s = hosts.get(name);
      if (now == null || !sameLink(now, s.entry)) {
        hosts.remove(name);
        closed.add(name);
      } else {
        s.entry = now; // labels or source may change without a new link
      }
    }
    for (HostEntry e : wanted.values()) {
      if (!hosts.containsKey(e.name())) {
        hosts.put(e.name(), new HostState(e));
        opened.add(e);
      }
    }
    return new Changes(List.copyOf(opened), List.copyOf(closed));
  }

  /** Links to open and to close after {@link #follow}. */
  public record Changes(List<HostEntry> opened, List<String> closed) {}

  /** Sets the announced hosts waiting for `jpm keys accept` (listed as PENDING, never targeted). */
  public synchronized void pending(List<HostEntry> entries) {
    pending.clear();
    entries.forEach(e -> pending.put(e.name(), e));
  }

  /** The hosts to ping now: those not connected whose last ping is {@code pingEvery} old. */
  public synchronized List<String> pingsDue(Instant now) {
    List<String> due = new ArrayList<>();
    for (HostState s : hosts.values()) {
      boolean stale = s.lastPing == null || !now.isBefore(s.lastPing.plus(pingEvery));
      if (!connected(s, now) && stale) {
        s.lastPing = now;
        due.add(s.entry.name());
      }
    }
    return due;
  }

  /** The host answered a ping. */
  public synchronized void pinged(String host, AgentInfo agent, Instant now) {
    HostState s = hosts.get(host);
    if (s == null) {
      return;
    }
    if (!agent.runId().equals(s.runId)) {
      s.runId = agent.runId();
      s.forgetRun();
    }
    s.agent = agent;
    s.version = agent.version();
    seen(s, now);
  }

  /** A control request to the host failed (e.g. timed out) with {@code why}. */
  public synchronized void problem(String host, String why) {
    HostState s = hosts.get(host);
    if (s != null) {
      s.problem = why;
    }
  }

  /** Takes in one event of the host's feed; says whether its processes must be re-read. */
  public synchronized FollowUp event(String host, AgentEvent event, Instant now) {
    HostState s = hosts.get(host);
    if (s == null) {
      return FollowUp.NONE;
    }
    seen(s, now);
    boolean newRun = !event.runId().equals(s.runId);
    if (newRun) {
      s.runId = event.runId();
      s.forgetRun();
      s.processes.clear();
    }
    boolean unknown = s.stateSeq < 0;
    boolean stale = false;
    if (event.kind() == AgentEvent.Kind.STATE) {
      stale = !unknown && event.seq() > s.stateSeq + 1;
      s.stateSeq = Math.max(s.stateSeq, event.seq());
      apply(s, event.change());
    } else if (event.kind() == AgentEvent.Kind.HEARTBEAT) {
      AgentEvent.Beat b = event.heartbeat();
      stale = !unknown && b.lastStateSeq() > s.stateSeq;
      s.stateSeq = Math.max(s.stateSeq, b.lastStateSeq());
      s.version = b.version();
      s.instances = b.instances();
      s.running = b.running();
      s.countsFromBeat = true;
    } else if (unknown && !newRun) {
      return FollowUp.NONE; // wait for a state event or a heartbeat to learn the seq
    }
    if (newRun) {
      s.listPending = true;
      return FollowUp.PING_AND_LIST;
    }
    return listIf(s, stale || unknown);
  }

  /** The host answered a ListRequest with {@code processes}. */
  public synchronized FollowUp listed(String host, List<FleetProcess> processes, Instant now) {
    HostState s = hosts.get(host);
    if (s == null) {
      return FollowUp.NONE;
    }
    seen(s, now);
    s.processes.clear();
    processes.forEach(p -> s.processes.put(p.id(), p));
    s.listPending = false;
    boolean again = s.listAgain;
    s.listAgain = false;
    return listIf(s, again);
  }

  /** A ListRequest to the host failed: the next event asks again. */
  public synchronized void listFailed(String host) {
    HostState s = hosts.get(host);
    if (s != null) {
      s.forgetRun();
    }
  }

  /** Every known host (followed and pending) as of {@code now}, in name order. */
  public synchronized List<HostSnapshot> snapshots(Instant now) {
    List<HostSnapshot> out = new ArrayList<>();
    for (HostState s : hosts.values()) {
      out.add(s.snapshot(connected(s, now) ? Connection.CONNECTED : Connection.DISCONNECTED));
    }
    for (HostEntry e : pending.values()) {
      if (!hosts.containsKey(e.name())) {
        HostState s = new HostState(e);
        s.problem = "pending: accept with `jpm keys accept " + e.name() + "`";
        out.add(s.snapshot(Connection.PENDING));
      }
    }
    out.sort(Comparator.comparing(HostSnapshot::name));
    return List.copyOf(out);
  }

  /** One followed host, or empty. */
  public synchronized Optional<HostSnapshot> host(String name, Instant now) {
    HostState s = hosts.get(name);
    return Optional.ofNullable(s)
        .map(x -> x.snapshot(connected(x, now) ? Connection.CONNECTED : Connection.DISCONNECTED));
  }

  /** The followed hosts {@code pattern} selects (pending ones never), in name order. */
  public synchronized List<String> select(HostPattern pattern) {
    Set<String> out = new HashSet<>();
    for (HostState s : hosts.values()) {
      HostSnapshot snap = s.snapshot(Connection.DISCONNECTED);
      if (pattern.matches(s.entry.name(), snap.labels())) {
        out.add(s.entry.name());
      }
    }
    return out.stream().sorted().toList();
  }

  /** Whether the host answers now. */
  public synchronized boolean connected(String host, Instant now) {
    HostState s = hosts.get(host);
    return s != null && connected(s, now);
  }

  private boolean connected(HostState s, Instant now) {
    if (!s.connected) {
      return false;
    }
    if (now.isAfter(s.lastSeen.plus(beat.multipliedBy(MISSED_BEATS)))) {
      s.connected = false;
      s.problem = "no heartbeat for " + Durations.text(beat.multipliedBy(MISSED_BEATS));
      s.forgetRun();
      return false;
    }
    return true;
  }

  private static void seen(HostState s, Instant now) {
    s.lastSeen = now;
    s.connected = true;
  }

  private static void apply(HostState s, AgentEvent.Change change) {
    FleetProcess p = change.process();
    if (change.deleted()) {
      s.processes.remove(p.id());
    } else {
      s.processes.put(p.id(), p);
    }
  }

  private static FollowUp listIf(HostState s, boolean needed) {
    if (!needed) {
      return FollowUp.NONE;
    }
    if (s.listPending) {
      // The list in flight may predate what made this one needed: ask again when it is back.
      s.listAgain = true;
      return FollowUp.NONE;
    }
    s.listPending = true;
    return FollowUp.LIST;
  }

  private static boolean sameLink(HostEntry a, HostEntry b) {
    return a.endpoint().equals(b.endpoint()) && a.publicKey().equals(b.publicKey());
  }
}
