package io.jpm.agent.supervision;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * pm2's max_memory_restart, done gracefully: finds the running instances whose last resident-memory
 * sample is above their app's limit, so that the supervisor replaces them by a reload (a new
 * process is ready before the old one stops, for apps with a readiness check) rather than a kill.
 */
final class MemoryLimits {
  private static final long MIB = 1024 * 1024;

  /** One instance over its limit, and the reason its history will show. */
  record Over(int id, String reason) {}

  private final UsageMeter usage;

  MemoryLimits(UsageMeter usage) {
    this.usage = usage;
  }

  /** The running instances above their app's limit (apps without a limit are never listed). */
  List<Over> over(Collection<ManagedInstance> instances, Function<String, AppSpec> apps) {
    List<Over> over = new ArrayList<>();
    for (ManagedInstance mi : instances) {
      AppSpec spec = apps.apply(mi.app);
      long limit = spec == null ? 0 : spec.maxMemoryBytes();
      if (limit <= 0 || mi.state.state() != ProcessState.RUNNING || mi.state.pid() == 0) {
        continue;
      }
      long rss = usage.of(mi.state.pid()).rssBytes();
      if (rss > limit) {
        over.add(
            new Over(
                mi.id,
                "memory "
                    + rss / MIB
                    + " MiB is above max_memory_restart "
                    + limit / MIB
                    + " MiB: replacing the process"));
      }
    }
    return over;
  }
}
