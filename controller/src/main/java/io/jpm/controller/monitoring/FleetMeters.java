package io.jpm.controller.monitoring;

import io.jpm.controller.transport.FleetSink;
import io.jpm.messages.v1.Event;
import io.jpm.messages.v1.Metrics;
import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.ProcessState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The fleet's per-instance meters, the agent's series (io.jpm.agent.monitoring.InstanceMeters) with
 * a {@code host} tag: {@code jpm_process_cpu_percent}, {@code _memory_bytes}, {@code
 * _restarts_total}, {@code _unstable_restarts_total}, {@code _uptime_seconds}, {@code _up} and
 * {@code jpm_process_state{state=...}}, tagged host, app, instance, namespace. Fed from the agents'
 * {@code metrics.*} events; an instance's series go when a state event says it was deleted, when a
 * resync no longer lists it, or when its host leaves the fleet.
 *
 * <p>Thread-safety: fed on the controller's IO thread only; scrapes read volatile fields.
 */
public final class FleetMeters implements FleetSink {
  private final MeterRegistry registry;
  private final Map<Key, Series> series = new HashMap<>();

  private record Key(String host, String app, int index, String namespace) {
    Tags tags() {
      return Tags.of(
          "host", host, "app", app, "instance", Integer.toString(index), "namespace", namespace);
    }
  }

  private static final class Series {
    final List<Meter> meters = new ArrayList<>();
    volatile Metrics last;
    Meter stateMeter;
    ProcessState state;

    Series(Metrics first) {
      this.last = first;
    }
  }

  /** Meters in {@code registry}. */
  public FleetMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void event(String host, Event event) {
    if (event.hasMetrics()) {
      update(host, event.getMetrics());
    } else if (event.hasState() && event.getState().getDeleted()) {
      ProcessInfo p = event.getState().getProcess();
      remove(new Key(host, p.getName(), p.getInstance(), p.getNamespace()));
    }
  }

  @Override
  public void listed(String host, List<ProcessInfo> processes) {
    Set<Key> keep = new HashSet<>();
    processes.forEach(p -> keep.add(new Key(host, p.getName(), p.getInstance(), p.getNamespace())));
    for (Key k : List.copyOf(series.keySet())) {
      if (k.host().equals(host) && !keep.contains(k)) {
        remove(k);
      }
    }
  }

  @Override
  public void closed(String host) {
    for (Key k : List.copyOf(series.keySet())) {
      if (k.host().equals(host)) {
        remove(k);
      }
    }
  }

  /** Instances that have series now. */
  public int size() {
    return series.size();
  }

  private void update(String host, Metrics m) {
    Key key = new Key(host, m.getApp(), m.getInstance(), m.getNamespace());
    Series x = series.computeIfAbsent(key, k -> register(k, m));
    x.last = m;
    if (x.state != m.getState()) {
      if (x.stateMeter != null) {
        registry.remove(x.stateMeter);
      }
      x.state = m.getState();
      String word =
          m.getState().name().replaceFirst("^PROCESS_STATE_", "").toLowerCase(Locale.ROOT);
      x.stateMeter =
          Gauge.builder("jpm.process.state", () -> 1)
              .description("Supervision state of the instance, as the state label (value always 1)")
              .tags(key.tags().and("state", word))
              .register(registry);
    }
  }

  private Series register(Key key, Metrics first) {
    Series x = new Series(first);
    Tags tags = key.tags();
    x.meters.add(
        gauge(
                "jpm.process.cpu.percent",
                "CPU use, percent of one core",
                tags,
                x,
                Metrics::getCpuPercent)
            .register(registry));
    x.meters.add(
        gauge(
                "jpm.process.memory",
                "Resident memory of the process group",
                tags,
                x,
                Metrics::getMemoryBytes)
            .baseUnit("bytes")
            .register(registry));
    x.meters.add(
        FunctionCounter.builder("jpm.process.restarts", x, y -> y.last.getRestarts())
            .description("Restarts since creation or jpm reset")
            .tags(tags)
            .register(registry));
    x.meters.add(
        FunctionCounter.builder(
                "jpm.process.unstable.restarts", x, y -> y.last.getUnstableRestarts())
            .description("Exits sooner than min_uptime since creation or jpm reset")
            .tags(tags)
            .register(registry));
    x.meters.add(
        TimeGauge.builder("jpm.process.uptime", x, TimeUnit.MILLISECONDS, y -> y.last.getUptimeMs())
            .description("Time since the current process started; 0 when not running")
            .tags(tags)
            .register(registry));
    x.meters.add(
        gauge(
                "jpm.process.up",
                "1 when running and ready (online), else 0",
                tags,
                x,
                m -> m.getState() == ProcessState.PROCESS_STATE_RUNNING ? 1 : 0)
            .register(registry));
    return x;
  }

  private void remove(Key key) {
    Series x = series.remove(key);
    if (x == null) {
      return;
    }
    x.meters.forEach(registry::remove);
    if (x.stateMeter != null) {
      registry.remove(x.stateMeter);
    }
  }

  private static Gauge.Builder<Series> gauge(
      String name, String description, Tags tags, Series x, ToDoubleFunction<Metrics> value) {
    return Gauge.builder(name, x, y -> value.applyAsDouble(y.last))
        .description(description)
        .tags(tags);
  }
}
