package io.jpm.agent.monitoring;

import io.jpm.agent.metrics.ProcStatm;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The agent's own health: JVM memory, GC, threads and classes, process CPU, uptime and open files
 * (Micrometer's binders), and {@code process_resident_memory_bytes} from {@code /proc/self/statm},
 * which no binder provides.
 *
 * <p>Left out on purpose: JvmCompilationMetrics and JvmInfoMetrics (little use for a daemon),
 * JvmHeapPressureMetrics (runs its own sampling) and DiskSpaceMetrics (not the agent's concern).
 */
public final class AgentMeters implements AutoCloseable {
  private final JvmGcMetrics gc = new JvmGcMetrics();

  /** Binds every agent meter to {@code registry}. */
  public AgentMeters(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("process.resident.memory", AgentMeters::residentBytes)
        .description("Resident memory of the agent process (/proc/self/statm)")
        .baseUnit("bytes")
        .register(registry);
  }

  /** The agent's resident memory now; NaN when /proc cannot be read (not Linux). */
  static double residentBytes() {
    return ProcStatm.self().map(s -> (double) s.residentBytes()).orElse(Double.NaN);
  }

  /** Stops listening to GC notifications. */
  @Override
  public void close() {
    gc.close();
  }
}
