package io.jpm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The keys an app may have in a config file: pm2's ecosystem names and aliases (Unitech/pm2
 * lib/API/schema.json), jpm's own additions, the pm2 keys jpm knowingly ignores, and the keys of
 * features jpm does not have yet. One table drives parsing, validation and the README's key list; a
 * key added here needs a line there too.
 */
final class AppKeys {
  /** What a key does. */
  enum Kind {
    /** Read into the spec. */
    USED,
    /** pm2 key with no meaning in jpm: accepted, named in one warning. */
    IGNORED,
    /** A feature jpm does not have yet: an error unless the value asks for nothing. */
    NOT_YET
  }

  /**
   * One key.
   *
   * @param name the canonical (pm2) name
   * @param kind what it does
   * @param reader for USED keys, stores the value in the draft (throws Values.BadValue)
   */
  record Key(String name, Kind kind, BiConsumer<AppDraft, JsonNode> reader) {}

  private static final Map<String, Key> KEYS = new LinkedHashMap<>();

  static {
    used("name", (d, v) -> d.name = Values.nonBlankText(v));
    used("namespace", (d, v) -> d.spec.setNamespace(Values.nonBlankText(v)));
    used("script", (d, v) -> d.script = Values.nonBlankText(v), "exec");
    used("args", (d, v) -> d.spec.clearArgs().addAllArgs(Values.words(v)));
    used("cwd", (d, v) -> d.cwd = Values.nonBlankText(v));
    used(
        "exec_interpreter", (d, v) -> d.spec.setInterpreter(Values.nonBlankText(v)), "interpreter");
    used("instances", AppKeys::instances);
    used("env", (d, v) -> d.env.putAll(Values.environment(v)));
    used("autorestart", (d, v) -> d.spec.setAutorestart(Values.bool(v)));
    used("max_restarts", (d, v) -> d.spec.setMaxRestarts(Values.wholeInt(v, 0, "a number from 0")));
    used("min_uptime", (d, v) -> d.spec.setMinUptimeMs(Values.millis(v)));
    used("restart_delay", (d, v) -> d.spec.setRestartDelayMs(Values.millis(v)));
    used("exp_backoff_restart_delay", AppKeys::expBackoff);
    used("kill_timeout", (d, v) -> d.spec.setKillTimeoutMs(Values.millis(v)));
    used("kill_signal", (d, v) -> d.spec.setKillSignal(Values.signal(v)));
    used("stop_exit_codes", (d, v) -> d.spec.addAllStopExitCodes(Values.exitCodes(v)));
    used("max_memory_restart", (d, v) -> d.spec.setMaxMemoryBytes(Values.bytes(v)));
    used("out_file", (d, v) -> d.outFile = Values.nonBlankText(v), "out", "output", "out_log");
    used(
        "error_file",
        (d, v) -> d.errorFile = Values.nonBlankText(v),
        "error",
        "err",
        "err_file",
        "err_log");
    used("log_date_format", (d, v) -> d.spec.setLogDateFormat(Values.nonBlankText(v)));
    used("time", (d, v) -> d.time = Values.bool(v));
    used("log_type", AppKeys::logType);
    used("log_max_size", (d, v) -> d.spec.setLogMaxSizeBytes(Values.bytes(v)));
    used("log_retain", (d, v) -> d.spec.setLogRetain(Values.wholeInt(v, 0, "a number from 0")));
    used("log_compress", (d, v) -> d.spec.setLogCompress(Values.bool(v)));
    used("port", AppKeys::port);
    used("ready", (d, v) -> d.spec.setReady(Values.readyCheck(v)));
    used("balance", (d, v) -> d.spec.setBalance(Values.balance(v)));
    used("listen_timeout", AppKeys::listenTimeout);
    used("watch", AppKeys::watch);
    used("ignore_watch", (d, v) -> d.spec.clearIgnoreWatch().addAllIgnoreWatch(Values.words(v)));
    used("watch_delay", (d, v) -> d.spec.setWatchDelayMs(Values.millis(v)));
    notYet("wait_ready", "shutdown_with_message");
    notYet("node_args", "interpreter_args", "interpreterArgs", "cron_restart", "cron");
    notYet("uid", "user", "gid", "log_file", "log", "disable_logs", "filter_env");
    notYet("increment_var", "append_env_to_name");
    ignored("exec_mode", "vizion", "pmx", "automation", "source_map_support");
    ignored("disable_source_map_support", "treekill", "windowsHide", "merge_logs");
    ignored("combine_logs", "instance_var", "watch_options");
    ignored("trace", "disable_trace", "v8", "event_loop_inspector", "deep_monitoring", "io");
    ignored("post_update", "force", "name_prefix", "install_url", "kill_retry_time", "write");
    ignored("execute_command", "username", "pid_file", "pid");
  }

  private AppKeys() {}

  /** The key named {@code name} (canonical or alias), or null when unknown. */
  static Key find(String name) {
    return KEYS.get(name);
  }

  /** The profile a key selects ("production" for env_production), or null. */
  static String profileOf(String key) {
    return key.startsWith("env_") && key.length() > 4 ? key.substring(4) : null;
  }

  /** Every key name of a kind (aliases included), sorted. */
  static Set<String> names(Kind kind) {
    Set<String> out = new TreeSet<>();
    KEYS.forEach(
        (name, key) -> {
          if (key.kind() == kind) {
            out.add(name);
          }
        });
    return out;
  }

  /** The known key closest to a misspelt one, or null when none is close. */
  static String closest(String unknown) {
    String best = null;
    int bestDistance = 3;
    for (String known : KEYS.keySet()) {
      int d = distance(unknown, known);
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return best;
  }

  private static void used(String name, BiConsumer<AppDraft, JsonNode> reader, String... aliases) {
    Key key = new Key(name, Kind.USED, reader);
    KEYS.put(name, key);
    for (String alias : aliases) {
      KEYS.put(alias, key);
    }
  }

  /** pm2's watch: true (the cwd), false, a path, or a list of paths. */
  private static void watch(AppDraft d, JsonNode v) {
    d.spec.clearWatch();
    if (v.isBoolean()) {
      if (v.booleanValue()) {
        d.spec.addWatch(".");
      }
      return;
    }
    d.spec.addAllWatch(Values.words(v));
  }

  private static void notYet(String... names) {
    for (String name : names) {
      KEYS.put(name, new Key(name, Kind.NOT_YET, null));
    }
  }

  private static void ignored(String... names) {
    for (String name : names) {
      KEYS.put(name, new Key(name, Kind.IGNORED, null));
    }
  }

  private static void instances(AppDraft d, JsonNode v) {
    if (v.isTextual() && v.asText().trim().equalsIgnoreCase("max")) {
      d.spec.setInstances(0).setInstancesMax(true);
      return;
    }
    // pm2: 0 and -1 mean one instance per CPU, like "max".
    long n = Values.whole(v, -1, "a number or \"max\"");
    if (n <= 0) {
      d.spec.setInstances(0).setInstancesMax(true);
    } else if (n > 1024) {
      throw new Values.BadValue("must be at most 1024, got " + n);
    } else {
      d.spec.setInstances((int) n).setInstancesMax(false);
    }
  }

  private static void port(AppDraft d, JsonNode v) {
    String expected = "a port number from 1 to 65535";
    long n = Values.whole(v, 1, expected);
    if (n > 65535) {
      throw Values.bad(expected, v);
    }
    d.spec.setPort((int) n);
  }

  private static void listenTimeout(AppDraft d, JsonNode v) {
    long ms = Values.millis(v);
    if (ms == 0) {
      throw Values.bad("a duration longer than 0ms", v);
    }
    d.spec.setListenTimeoutMs(ms);
  }

  private static void expBackoff(AppDraft d, JsonNode v) {
    long ms = Values.millis(v);
    // pm2's default is 0: no exponential backoff.
    if (ms > 0) {
      d.spec.setExpBackoffRestartDelayMs(ms);
    } else {
      d.spec.clearExpBackoffRestartDelayMs();
    }
  }

  private static void logType(AppDraft d, JsonNode v) {
    String type = Values.text(v);
    if (!List.of("json", "raw", "").contains(type)) {
      throw Values.bad("\"json\" (or \"raw\" for plain text)", v);
    }
    d.spec.setLogType(type.equals("json") ? "json" : "");
  }

  /** Levenshtein distance, for "did you mean". */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
