package io.jpm.cli.commands;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of {@code --env}: each is either K=V, a variable for the app, or a bare name, the
 * profile (env_&lt;name&gt; block) of a config file, as pm2's {@code --env production}.
 *
 * @param profile the profile, or null
 * @param vars the variables, in the order given
 */
record EnvArguments(String profile, Map<String, String> vars) {

  /** Copies, so the arguments never change. */
  EnvArguments {
    vars = Map.copyOf(vars);
  }

  /**
   * Sorts the values into a profile and variables.
   *
   * @throws IllegalArgumentException for two profiles or an empty variable name
   */
  static EnvArguments parse(List<String> values) {
    String profile = null;
    Map<String, String> vars = new LinkedHashMap<>();
    for (String value : values) {
      int eq = value.indexOf('=');
      if (eq < 0) {
        if (profile != null && !profile.equals(value)) {
          throw new IllegalArgumentException(
              "--env names two profiles ('" + profile + "' and '" + value + "'); give one");
        }
        if (value.isBlank()) {
          throw new IllegalArgumentException("--env needs K=V or a profile name");
        }
        profile = value;
      } else if (eq == 0) {
        throw new IllegalArgumentException("--env '" + value + "' has no variable name");
      } else {
        vars.put(value.substring(0, eq), value.substring(eq + 1));
      }
    }
    return new EnvArguments(profile, vars);
  }
}
