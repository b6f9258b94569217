package io.jpm.agent.monitoring;

import io.jpm.agent.supervision.InstanceSnapshot;
import io.jpm.agent.supervision.ProcessState;
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
 * Per-instance meters, tagged {@code app}, {@code instance} (the index) and {@code namespace}, fed
 * with the latest snapshots. In Prometheus text they read:
 *
 * <pre>
 * jpm_process_cpu_percent          CPU over the last sample, percent of one core
 * jpm_process_memory_bytes         resident memory of the instance's process group
 * jpm_process_restarts_total       restarts since creation or `jpm reset` (a reset reads as a
 *                                  counter reset, which rate() handles)
 * jpm_process_unstable_restarts_total
 * jpm_process_uptime_seconds       0 when not running
 * jpm_process_up                   1 when RUNNING (online and ready), else 0
 * jpm_process_state{state="..."}   1, labelled with the state in lower case (running, fatal, ...)
 * </pre>
 *
 * The series of an instance disappear with the first update that no longer lists it (it was
 * deleted, or scaled away). No {@code host} tag: a scraper knows whom it scrapes, and the
 * controller adds {@code host} when it merges agents. Prometheus renames the {@code instance} tag
 * to {@code exported_instance} unless the scrape job sets {@code honor_labels: true}
 * (docs/monitoring.md).
 *
 * <p>Meters hold their {@code Series} weakly (Micrometer's default); the map here keeps it alive
 * exactly as long as its meters are registered.
 *
 * <p>Thread-safety: {@link #update} is called from one thread at a time (the metrics reporter);
 * scrapes read the values from any thread through volatile fields.
 */
public final class InstanceMeters {
  /** The tags every per-instance series carries, in this order. */
  public static final List<String> TAGS = List.of("app", "instance", "namespace");

  private final MeterRegistry registry;
  private final Map<Key, Series> series = new HashMap<>();

  /** Who an instance is, as its tags say. */
  private record Key(String app, int index, String namespace) {
    Tags tags() {
      return Tags.of(
          TAGS.get(0), app, TAGS.get(1), Integer.toString(index), TAGS.get(2), namespace);
    }
  }

  /** The meters of one instance and the snapshot they read. */
  private static final class Series {
    final List<Meter> meters = new ArrayList<>();
    volatile InstanceSnapshot last;
    Meter stateMeter;
    ProcessState state;

    Series(InstanceSnapshot first) {
      this.last = first;
    }
  }

  /** Meters in {@code registry}, none until the first update. */
  public InstanceMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Sets every listed instance's values (registering the meters of new ones) and removes the series
   * of instances not listed.
   *
   * @param snapshots every instance the agent has now
   */
  public void update(List<InstanceSnapshot> snapshots) {
    Set<Key> seen = new HashSet<>();
    for (InstanceSnapshot s : snapshots) {
      Key key = new Key(s.name(), s.index(), s.namespace());
      seen.add(key);
      Series x = series.get(key);
      if (x == null) {
        x = register(key, s);
        series.put(key, x);
      }
      x.last = s;
      if (x.state != s.state()) {
        swapStateMeter(key, x, s.state());
      }
    }
    series.entrySet().removeIf(e -> !seen.contains(e.getKey()) && remove(e.getValue()));
  }

  /** Instances that have series now. */
  public int size() {
    return series.size();
  }

  private Series register(Key key, InstanceSnapshot first) {
    Series x = new Series(first);
    Tags tags = key.tags();
    x.meters.add(
        gauge(
                "jpm.process.cpu.percent",
                "CPU use, percent of one core",
                tags,
                x,
                s -> s.cpuPercent())
            .register(registry));
    x.meters.add(
        gauge(
                "jpm.process.memory",
                "Resident memory of the process group",
                tags,
                x,
                s -> s.memoryBytes())
            .baseUnit("bytes")
            .register(registry));
    x.meters.add(
        FunctionCounter.builder("jpm.process.restarts", x, y -> y.last.restarts())
            .description("Restarts since creation or jpm reset")
            .tags(tags)
            .register(registry));
    x.meters.add(
        FunctionCounter.builder("jpm.process.unstable.restarts", x, y -> y.last.unstableRestarts())
            .description("Exits sooner than min_uptime since creation or jpm reset")
            .tags(tags)
            .register(registry));
    x.meters.add(
        TimeGauge.builder(
                "jpm.process.uptime", x, TimeUnit.MILLISECONDS, y -> y.last.uptimeMillis())
            .description("Time since the current process started; 0 when not running")
            .tags(tags)
            .register(registry));
    x.meters.add(
        gauge(
                "jpm.process.up",
                "1 when running and ready (online), else 0",
                tags,
                x,
                s -> s.state() == ProcessState.RUNNING ? 1 : 0)
            .register(registry));
    return x;
  }

  private void swapStateMeter(Key key, Series x, ProcessState state) {
    if (x.stateMeter != null) {
      registry.remove(x.stateMeter);
    }
    x.state = state;
    x.stateMeter =
        Gauge.builder("jpm.process.state", () -> 1)
            .description("Supervision state of the instance, as the state label (value always 1)")
            .tags(key.tags().and("state", state.name().toLowerCase(Locale.ROOT)))
            .register(registry);
  }

  /** Removes an instance's series; always true, for removeIf. */
  private boolean remove(Series x) {
    x.meters.forEach(registry::remove);
    if (x.stateMeter != null) {
      registry.remove(x.stateMeter);
    }
    return true;
  }

  private static Gauge.Builder<Series> gauge(
      String name,
      String description,
      Tags tags,
      Series x,
      ToDoubleFunction<InstanceSnapshot> value) {
    return Gauge.builder(name, x, y -> value.applyAsDouble(y.last))
        .description(description)
        .tags(tags);
  }
}
