package io.jpm.agent.watch;

import io.jpm.agent.supervision.WatchPolicy;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Which changes a watch ignores: a pattern matches a path (relative to the app's cwd) when it
 * equals one of its elements ("node_modules"), or when, as a glob, it matches the whole relative
 * path ("src/**.tmp") or the file name ("*.log"). {@link WatchPolicy#ALWAYS_IGNORED} always apply.
 */
final class IgnoreRules {
  private final List<String> names = new ArrayList<>();
  private final List<PathMatcher> globs = new ArrayList<>();

  IgnoreRules(List<String> patterns) {
    List<String> all = new ArrayList<>(WatchPolicy.ALWAYS_IGNORED);
    all.addAll(patterns);
    for (String p : all) {
      names.add(p);
      globs.add(FileSystems.getDefault().getPathMatcher("glob:" + p));
    }
  }

  /** True when a change of {@code relative} does not count. */
  boolean matches(Path relative) {
    for (Path element : relative) {
      if (names.contains(element.toString())) {
        return true;
      }
    }
    Path name = relative.getFileName();
    for (PathMatcher g : globs) {
      if (g.matches(relative) || (name != null && g.matches(name))) {
        return true;
      }
    }
    return false;
  }
}
