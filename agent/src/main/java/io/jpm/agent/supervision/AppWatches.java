package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * `--watch`: one file watch per watching app, kept in step with the apps' specs (started with the
 * app, replaced when its watch settings or cwd change, closed with the app). Reports of changed
 * files come back on the loop thread. Used on the supervisor loop thread only.
 */
final class AppWatches {
  private record Entry(WatchPolicy policy, Path cwd, FileWatch.Watching handle) {}

  private final Executor loop;
  private final BiConsumer<String, String> changed;
  private final Map<String, Entry> watching = new HashMap<>();
  private FileWatch files = FileWatch.none();

  /**
   * @param changed gets (app, changed file) on the loop thread
   */
  AppWatches(Executor loop, BiConsumer<String, String> changed) {
    this.loop = loop;
    this.changed = changed;
  }

  /** Watches files with {@code watch} from now on. */
  void use(FileWatch watch) {
    closeAll();
    this.files = watch;
  }

  /**
   * Starts, replaces and closes watches so that exactly the watching apps of {@code apps} have one.
   */
  void sync(Map<String, AppSpec> apps) {
    for (Iterator<Map.Entry<String, Entry>> it = watching.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Entry> e = it.next();
      AppSpec spec = apps.get(e.getKey());
      if (spec == null
          || !spec.watch().equals(e.getValue().policy())
          || !Objects.equals(spec.cwd(), e.getValue().cwd())) {
        e.getValue().handle().close();
        it.remove();
      }
    }
    for (AppSpec spec : apps.values()) {
      if (spec.watch().enabled() && !watching.containsKey(spec.name())) {
        String app = spec.name();
        FileWatch.Watching handle =
            files.watch(
                spec.cwd(), spec.watch(), file -> loop.execute(() -> changed.accept(app, file)));
        watching.put(app, new Entry(spec.watch(), spec.cwd(), handle));
      }
    }
  }

  /** Closes every watch. */
  void closeAll() {
    watching.values().forEach(e -> e.handle().close());
    watching.clear();
  }
}
