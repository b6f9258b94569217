package io.jpm.cli.output;

import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.jpm.messages.v1.StateChanged;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * What `jpm monit` shows: the instance list the agent answered, kept current by the {@code
 * metrics.*} samples (CPU, memory, restarts, uptime, status) and {@code state.*} changes (status
 * between samples, deletions), rendered as the `jpm list` table under a one-line header.
 *
 * <p>Not thread-safe: one thread applies events and renders.
 */
public final class MonitView {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** A row's identity: its id, and with several hosts its host too. */
  private record Key(String host, int id) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byHost = host.compareTo(o.host);
      return byHost != 0 ? byHost : Integer.compare(id, o.id);
    }
  }

  private final TreeMap<Key, ProcessInfo> rows = new TreeMap<>();
  private final boolean fleet;
  private String host;

  /** A view of {@code processes} (a ListReply) on {@code host}. */
  public MonitView(String host, List<ProcessInfo> processes) {
    this(host, processes, false);
  }

  private MonitView(String host, List<ProcessInfo> processes, boolean fleet) {
    this.host = host;
    this.fleet = fleet;
    processes.forEach(p -> rows.put(key(p.getHost(), p.getId()), p));
  }

  /**
   * A view of several hosts' rows (each with its host set), titled {@code title}, with a host
   * column; events update the row of their host.
   */
  public static MonitView fleet(String title, List<ProcessInfo> processes) {
    return new MonitView(title, processes, true);
  }

  /** Takes in one published event: samples and state changes; others only name the host. */
  public void apply(Event e) {
    if (!fleet && !e.getHost().isEmpty()) {
      host = e.getHost();
    }
    switch (e.getPayloadCase()) {
      case METRICS -> sample(e.getHost(), e.getMetrics());
      case STATE -> changed(e.getHost(), e.getState());
      default -> {}
    }
  }

  /** The rows, by id. */
  public List<ProcessInfo> rows() {
    return new ArrayList<>(rows.values());
  }

  /**
   * The screen: a header (host, counts, the time of {@code now}, and {@code hint} when not empty),
   * then the table.
   */
  public String render(Instant now, String hint) {
    long online =
        rows.values().stream()
            .filter(p -> p.getState() == ProcessState.PROCESS_STATE_RUNNING)
            .count();
    String header =
        "jpm monit  "
            + host
            + "  "
            + online
            + "/"
            + rows.size()
            + " online  "
            + CLOCK.format(now)
            + (hint.isEmpty() ? "" : "  " + hint);
    return header
        + System.lineSeparator()
        + (fleet ? TableRenderer.processesWithHost(rows()) : TableRenderer.processes(rows()));
  }

  private void sample(String eventHost, Metrics m) {
    ProcessInfo.Builder b =
        rows.containsKey(key(eventHost, m.getId()))
            ? rows.get(key(eventHost, m.getId())).toBuilder()
            : ProcessInfo.newBuilder()
                .setHost(eventHost)
                .setId(m.getId())
                .setName(m.getApp())
                .setNamespace(m.getNamespace())
                .setInstance(m.getInstance());
    if (m.hasPid()) {
      b.setPid(m.getPid());
    } else {
      b.clearPid();
    }
    b.setState(m.getState())
        .setCpuPercent(m.getCpuPercent())
        .setMemoryBytes(m.getMemoryBytes())
        .setRestarts(m.getRestarts())
        .setUnstableRestarts(m.getUnstableRestarts())
        .setUptimeMs(m.getUptimeMs())
        .setWantUp(m.getWantUp());
    rows.put(key(eventHost, m.getId()), b.build());
  }

  private void changed(String eventHost, StateChanged s) {
    ProcessInfo p = s.getProcess();
    if (s.getDeleted()) {
      rows.remove(key(eventHost, p.getId()));
    } else {
      rows.put(key(eventHost, p.getId()), fleet ? p.toBuilder().setHost(eventHost).build() : p);
    }
  }

  /** Locally every row is the one host's: ids alone tell them apart. */
  private Key key(String rowHost, int id) {
    return new Key(fleet ? rowHost : "", id);
  }
}
