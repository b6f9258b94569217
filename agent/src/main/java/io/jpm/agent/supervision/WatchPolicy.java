package io.jpm.agent.supervision;

import java.time.Duration;
import java.util.List;

/**
 * `--watch`: which paths of an app to watch for changes, which changes to ignore, and how long to
 * wait for quiet before restarting it.
 *
 * @param paths watched paths (relative ones under the app's cwd); empty: not watching
 * @param ignore globs or path element names whose changes do not count
 * @param delay quiet time after the last change before the restart
 */
public record WatchPolicy(List<String> paths, List<String> ignore, Duration delay) {
  /** Default quiet time (pm2's watch_delay). */
  public static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);

  /** Always ignored: dependencies, VCS data and log files (an app's own logs must not loop). */
  public static final List<String> ALWAYS_IGNORED = List.of("node_modules", ".git", "*.log");

  /** Not watching. */
  public static final WatchPolicy NONE = new WatchPolicy(List.of(), List.of(), DEFAULT_DELAY);

  /** Defensive copies. */
  public WatchPolicy {
    paths = List.copyOf(paths);
    ignore = List.copyOf(ignore);
    if (delay.isNegative()) {
      throw new IllegalArgumentException("watch delay must not be negative: " + delay);
    }
  }

  /** True when changes restart the app. */
  public boolean enabled() {
    return !paths.isEmpty();
  }
}
