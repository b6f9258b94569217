package io.jpm.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.Interpreters;
import io.jpm.agent.transport.AgentProtos;
import io.jpm.messages.v1.AppSpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one app of a config file through the {@link AppKeys} table, then resolves what depends on
 * several keys: cwd against the file's directory, script and log files against cwd, the default
 * name, the environment of the selected profile. Problems are collected, not thrown, so the user
 * sees all of them at once.
 */
final class AppReader {
  private final String label;
  private final Path dir;
  private final JsonNode node;
  private final Ecosystem.Selection selection;
  private final String who;
  private int problemsBefore;

  AppReader(String label, Path dir, JsonNode node, int position, Ecosystem.Selection selection) {
    this.label = label;
    this.dir = dir;
    this.node = node;
    this.selection = selection;
    this.who = "app " + provisionalName(node, position);
  }

  /**
   * The app's spec, or empty when it has problems (added to {@code problems}).
   *
   * @param ignored collects the pm2 keys that have no effect
   * @param profiles collects the profiles (env_&lt;name&gt;) the app defines
   */
  Optional<AppSpec> read(List<String> problems, Set<String> ignored, Set<String> profiles) {
    problemsBefore = problems.size();
    if (!node.isObject()) {
      problems.add(label + ": " + who + ": must be a map of keys, got " + Values.shown(node));
      return Optional.empty();
    }
    AppDraft draft = new AppDraft();
    Map<String, String> firstSpelling = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      readKey(e.getKey(), e.getValue(), draft, firstSpelling, problems, ignored);
    }
    profiles.addAll(draft.profiles.keySet());
    AppSpec spec = finish(draft, problems);
    return problems.size() > problemsBefore ? Optional.empty() : Optional.of(spec);
  }

  private void readKey(
      String key,
      JsonNode value,
      AppDraft draft,
      Map<String, String> firstSpelling,
      List<String> problems,
      Set<String> ignored) {
    String profile = AppKeys.profileOf(key);
    if (profile != null) {
      try {
        draft.profiles.put(profile, Values.environment(value));
      } catch (Values.BadValue e) {
        problems.add(problem(key, e.getMessage()));
      }
      return;
    }
    AppKeys.Key k = AppKeys.find(key);
    if (k == null) {
      String near = AppKeys.closest(key);
      problems.add(
          problem(key, "unknown key" + (near == null ? "" : " (did you mean '" + near + "'?)")));
      return;
    }
    String earlier = firstSpelling.putIfAbsent(k.name(), key);
    if (earlier != null) {
      problems.add(problem(key, "given twice (also as '" + earlier + "')"));
      return;
    }
    switch (k.kind()) {
      case USED -> {
        try {
          k.reader().accept(draft, value);
        } catch (Values.BadValue e) {
          problems.add(problem(key, e.getMessage()));
        }
      }
      case IGNORED -> ignored.add(key);
      case NOT_YET -> {
        if (!Values.asksForNothing(value)) {
          problems.add(problem(key, "is not supported yet (remove it, or set it to false/null)"));
        }
      }
    }
  }

  private AppSpec finish(AppDraft d, List<String> problems) {
    AppSpec.Builder spec = d.spec;
    Path cwd = directory(d.cwd, problems);
    if (d.script == null) {
      problems.add(problem("script", "missing (the script or program to run)"));
    } else if (cwd != null) {
      script(d.script, cwd, spec, problems);
    }
    String name = d.name != null ? d.name : d.script == null ? "" : defaultName(d.script);
    spec.setName(name);
    if (cwd != null) {
      spec.setCwd(cwd.toString());
      logFile(d.outFile, cwd).ifPresent(spec::setOutFile);
      logFile(d.errorFile, cwd).ifPresent(spec::setErrorFile);
    }
    if (d.time && spec.getLogDateFormat().isEmpty()) {
      spec.setLogDateFormat("iso");
    }
    spec.putAllEnv(Ecosystem.environment(d.env, d.profiles, selection));
    if (problems.size() == problemsBefore) {
      agentChecks(spec.build(), problems);
    }
    return spec.build();
  }

  /** The agent's own checks (name syntax and the like), so it never refuses what passed here. */
  private void agentChecks(AppSpec spec, List<String> problems) {
    try {
      for (String p : AgentProtos.fromProto(spec).problems()) {
        int colon = p.indexOf(": ");
        problems.add(
            colon < 0 ? problem("?", p) : problem(p.substring(0, colon), p.substring(colon + 2)));
      }
    } catch (CommandException e) {
      problems.add(label + ": " + who + ": " + e.getMessage());
    }
  }

  private Path directory(String cwd, List<String> problems) {
    Path out;
    try {
      out = cwd == null ? dir : dir.resolve(cwd).normalize();
    } catch (InvalidPathException e) {
      problems.add(problem("cwd", "not a usable path: " + e.getReason()));
      return null;
    }
    if (!Files.isDirectory(out)) {
      problems.add(problem("cwd", "directory not found: " + out));
      return null;
    }
    return out;
  }

  /**
   * A script that exists relative to cwd becomes an absolute path; a bare program name that is not
   * a file there (npm, python3) is left for PATH, as pm2 does.
   */
  private void script(String script, Path cwd, AppSpec.Builder spec, List<String> problems) {
    try {
      Path path = cwd.resolve(script).normalize();
      if (Files.isRegularFile(path)) {
        spec.setScript(path.toString());
      } else if (!script.contains("/") && Interpreters.detect(script).isEmpty()) {
        spec.setScript(script);
      } else {
        problems.add(problem("script", "file not found: " + path));
      }
    } catch (InvalidPathException e) {
      problems.add(problem("script", "not a usable path: " + e.getReason()));
    }
  }

  private static Optional<String> logFile(String file, Path cwd) {
    return file == null ? Optional.empty() : Optional.of(cwd.resolve(file).normalize().toString());
  }

  private String problem(String key, String message) {
    return label + ": " + who + ": key '" + key + "': " + message;
  }

  /** The name used in messages: the name key, else the script's base name, else the position. */
  private static String provisionalName(JsonNode node, int position) {
    if (node.isObject()) {
      JsonNode name = node.get("name");
      if (name != null && name.isTextual() && !name.asText().isBlank()) {
        return "'" + name.asText() + "'";
      }
      JsonNode script = node.has("script") ? node.get("script") : node.get("exec");
      if (script != null && script.isTextual() && !script.asText().isBlank()) {
        return "'" + defaultName(script.asText()) + "'";
      }
    }
    return "#" + position;
  }

  /** pm2's default name: the script's file name without its extension. */
  static String defaultName(String script) {
    String base = script.substring(script.lastIndexOf('/') + 1);
    int dot = base.lastIndexOf('.');
    return dot > 0 ? base.substring(0, dot) : base;
  }
}
