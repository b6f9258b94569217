package io.jpm.agent.supervision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Chooses how to run a script: by explicit interpreter, or from the script's extension. */
public final class Interpreters {
  private Interpreters() {}

  /**
   * The interpreter argv prefix for a script name, as pm2 would choose it: {@code .js .mjs .cjs}
   * node, {@code .py} python3, {@code .jar} java -jar, {@code .sh} sh, {@code .rb} ruby, {@code
   * .pl} perl, {@code .php} php; anything else is executed directly (empty list).
   */
  public static List<String> detect(String script) {
    String lower = script.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    int slash = lower.lastIndexOf('/');
    String ext = dot > slash ? lower.substring(dot + 1) : "";
    return switch (ext) {
      case "js", "mjs", "cjs" -> List.of("node");
      case "py" -> List.of("python3");
      case "jar" -> List.of("java", "-jar");
      case "sh" -> List.of("sh");
      case "rb" -> List.of("ruby");
      case "pl" -> List.of("perl");
      case "php" -> List.of("php");
      default -> List.of();
    };
  }

  /** True when the app runs under Node (it then also gets NODE_APP_INSTANCE). */
  public static boolean isNode(AppSpec spec) {
    List<String> argv = spec.argv();
    String first = argv.isEmpty() ? "" : argv.get(0);
    return first.equals("node") || first.endsWith("/node") || first.equals("bun");
  }

  /** The full argv of an app: its command, or interpreter + script + args. */
  public static List<String> argv(AppSpec spec) {
    if (!spec.command().isEmpty()) {
      return spec.command();
    }
    List<String> out = new ArrayList<>();
    String interp = spec.interpreter();
    if (interp == null || interp.isBlank()) {
      out.addAll(detect(spec.script()));
    } else if (!interp.equals("none")) {
      out.add(interp);
      if ((interp.equals("java") || interp.endsWith("/java"))
          && spec.script().toLowerCase(Locale.ROOT).endsWith(".jar")) {
        out.add("-jar");
      }
    }
    out.add(spec.script());
    out.addAll(spec.args());
    return out;
  }
}
