package io.jpm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The apps of one config file, checked in full: every problem of every app is collected before
 * anything is returned, so a file with one bad key starts nothing.
 *
 * @param apps the apps in file order, as wire specs without base_env (the command adds it)
 * @param ignoredKeys pm2 keys that were accepted and have no effect, sorted
 */
public record Ecosystem(List<AppSpec> apps, Set<String> ignoredKeys) {

  /** Top-level keys of pm2 ecosystem files that jpm accepts and ignores. */
  private static final Set<String> IGNORED_TOP_LEVEL = Set.of("deploy");

  /** Copies, so an ecosystem never changes. */
  public Ecosystem {
    apps = List.copyOf(apps);
    ignoredKeys = Collections.unmodifiableSortedSet(new TreeSet<>(ignoredKeys));
  }

  /**
   * Which variant of the file to use.
   *
   * @param profile the env_&lt;profile&gt; block to merge over env, or null
   * @param env variables set on top of every app's env (`--env K=V`)
   */
  public record Selection(String profile, Map<String, String> env) {
    /** Copies, so a selection never changes. */
    public Selection {
      env = Map.copyOf(env);
    }

    /** No profile and no extra variables. */
    public static Selection none() {
      return new Selection(null, Map.of());
    }
  }

  /**
   * Reads and checks a config file.
   *
   * @param file the file (its directory is the base of relative cwd values)
   * @param label the file as the user named it, for messages
   * @throws ConfigException with every problem found
   */
  public static Ecosystem load(Path file, String label, Selection selection, NodeEvaluator node) {
    JsonNode root = ConfigFile.read(file, label, node);
    return parse(root, label, file.toAbsolutePath().getParent(), selection);
  }

  /**
   * Checks a config tree.
   *
   * @param dir the directory relative cwd values are resolved against
   * @throws ConfigException with every problem found
   */
  public static Ecosystem parse(JsonNode root, String label, Path dir, Selection selection) {
    List<String> problems = new ArrayList<>();
    Set<String> ignored = new TreeSet<>();
    List<JsonNode> entries = entries(root, label, problems, ignored);
    List<AppSpec> apps = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    Set<String> profiles = new TreeSet<>();
    for (int i = 0; i < entries.size(); i++) {
      AppReader reader = new AppReader(label, dir, entries.get(i), i + 1, selection);
      Optional<AppSpec> app = reader.read(problems, ignored, profiles);
      app.ifPresent(
          a -> {
            if (!names.add(a.getName())) {
              problems.add(
                  label + ": app '" + a.getName() + "': another app in the file has this name");
            }
            apps.add(a);
          });
    }
    String profile = selection.profile();
    if (profile != null && !entries.isEmpty() && !profiles.contains(profile)) {
      problems.add(
          label
              + ": profile '"
              + profile
              + "' is not defined: no app has env_"
              + profile
              + (profiles.isEmpty()
                  ? " (the file defines no profile)"
                  : " (defined: " + String.join(", ", profiles) + ")"));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Ecosystem(apps, ignored);
  }

  /** The warning line about ignored pm2 keys, when there are any. */
  public Optional<String> warning(String label) {
    if (ignoredKeys.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        label + ": ignoring pm2 keys that mean nothing to jpm: " + String.join(", ", ignoredKeys));
  }

  /** The app entries: an `apps:` list, a bare list, or one app as the whole file. */
  private static List<JsonNode> entries(
      JsonNode root, String label, List<String> problems, Set<String> ignored) {
    List<JsonNode> out = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(out::add);
    } else if (root.isObject() && root.has("apps")) {
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        if (IGNORED_TOP_LEVEL.contains(e.getKey())) {
          ignored.add(e.getKey());
        } else if (!e.getKey().equals("apps")) {
          problems.add(label + ": unknown top-level key '" + e.getKey() + "' (expected apps)");
        }
      }
      JsonNode apps = root.get("apps");
      if (apps.isArray()) {
        apps.forEach(out::add);
      } else if (apps.isObject()) {
        out.add(apps);
      } else {
        problems.add(label + ": 'apps' must be a list of apps, got " + Values.shown(apps));
        return out;
      }
    } else if (root.isObject() && (root.has("script") || root.has("exec"))) {
      out.add(root);
    } else {
      problems.add(label + ": expected an 'apps:' list of apps (pm2's ecosystem format)");
      return out;
    }
    if (out.isEmpty()) {
      problems.add(label + ": the list of apps is empty");
    }
    return out;
  }

  /** Environment of the selection applied over an app's env and profiles. */
  static Map<String, String> environment(
      Map<String, String> env, Map<String, Map<String, String>> profiles, Selection selection) {
    Map<String, String> out = new LinkedHashMap<>(env);
    if (selection.profile() != null) {
      out.putAll(profiles.getOrDefault(selection.profile(), Map.of()));
    }
    out.putAll(selection.env());
    return out;
  }
}
