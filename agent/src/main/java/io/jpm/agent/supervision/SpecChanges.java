package io.jpm.agent.supervision;

import io.jpm.agent.supervision.CommandException.Failure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a restart changes besides restarting (pm2's --update-env, made the default): replacement
 * specs from a config file, variables to set, and the restarting shell's environment. A replaced
 * spec's env and base env replace the old ones wholesale, so a variable removed from the file is
 * removed from the process.
 *
 * @param replacements new specs, matched to existing apps by name
 * @param envUpdates variables set on top of each targeted app's env
 * @param baseEnv when non-empty, the new base environment of each targeted app
 */
public record SpecChanges(
    List<AppSpec> replacements, Map<String, String> envUpdates, Map<String, String> baseEnv) {

  /** A plain restart: nothing changes. */
  public static final SpecChanges NONE = new SpecChanges(List.of(), Map.of(), Map.of());

  /** Copies, so changes never change. */
  public SpecChanges {
    replacements = List.copyOf(replacements);
    envUpdates = Map.copyOf(envUpdates);
    baseEnv = Map.copyOf(baseEnv);
  }

  /** True when the restart only restarts. */
  public boolean isEmpty() {
    return replacements.isEmpty() && envUpdates.isEmpty() && baseEnv.isEmpty();
  }

  /**
   * The new spec of every targeted app that changes, checked in full before anything is applied.
   *
   * @param current every app of the agent, by name
   * @param targeted the names of the apps that have targeted instances
   * @throws CommandException INVALID_ARGUMENT naming every problem; nothing is changed then
   */
  Map<String, AppSpec> plan(Map<String, AppSpec> current, Set<String> targeted) {
    List<String> problems = new ArrayList<>();
    Map<String, AppSpec> byName = new LinkedHashMap<>();
    for (AppSpec spec : replacements) {
      if (!targeted.contains(spec.name())) {
        problems.add("app '" + spec.name() + "' is not among the targets of the restart");
      } else if (byName.put(spec.name(), spec) != null) {
        problems.add("app '" + spec.name() + "' is given twice");
      } else if (!spec.namespace().equals(current.get(spec.name()).namespace())) {
        problems.add(
            "app '"
                + spec.name()
                + "': namespace: cannot change on restart (from '"
                + current.get(spec.name()).namespace()
                + "' to '"
                + spec.namespace()
                + "'); delete the app and start it again");
      }
    }
    Map<String, AppSpec> out = new LinkedHashMap<>();
    if (!isEmpty()) {
      for (String name : targeted) {
        AppSpec next = changed(byName.getOrDefault(name, current.get(name)));
        next.problems().forEach(p -> problems.add("app '" + name + "': " + p));
        out.put(name, next);
      }
    }
    if (!problems.isEmpty()) {
      throw new CommandException(Failure.INVALID_ARGUMENT, String.join("; ", problems));
    }
    return out;
  }

  private AppSpec changed(AppSpec spec) {
    Map<String, String> env = new HashMap<>(spec.env());
    env.putAll(envUpdates);
    return new AppSpec(
        spec.name(),
        spec.namespace(),
        spec.script(),
        spec.args(),
        spec.interpreter(),
        spec.command(),
        spec.cwd(),
        env,
        spec.instances(),
        spec.policy(),
        spec.maxMemoryBytes(),
        baseEnv.isEmpty() ? spec.baseEnv() : baseEnv,
        spec.logs(),
        spec.port(),
        spec.ready(),
        spec.watch(),
        spec.balance());
  }
}
