package io.jpm.agent.launch;

import io.jpm.agent.supervision.ProcessLauncher.SpawnException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Finds programs the way execvp(3) does, so a missing or unusable program is reported before a
 * process is created, with a reason a user can act on, instead of as a crash loop of exit 127.
 */
final class Executables {
  /** execvp's search path when PATH is unset. */
  static final String DEFAULT_PATH = "/bin:/usr/bin";

  // Programs that users meet as the interpreter of their script (see Interpreters.detect).
  private static final Set<String> INTERPRETERS =
      Set.of(
          "node", "bun", "deno", "python", "python3", "java", "sh", "bash", "ruby", "perl", "php");

  private Executables() {}

  /**
   * Checks that {@code program} can be executed from {@code cwd} with this PATH.
   *
   * @param program argv[0]: a path when it contains '/' (relative to cwd), else a name on PATH
   * @param path the PATH the process will get, or null when it has none
   * @throws SpawnException saying what is missing or unusable
   */
  static void check(String program, Path cwd, String path) throws SpawnException {
    if (program.isEmpty() || program.indexOf('\0') >= 0) {
      throw new SpawnException("nothing to run: the program name is empty or has a NUL byte");
    }
    if (program.indexOf('/') < 0) {
      if (find(program, path, cwd).isEmpty()) {
        String kind = INTERPRETERS.contains(program) ? "interpreter" : "program";
        throw new SpawnException(
            kind + " '" + program + "' not found on PATH (" + orDefault(path) + ")");
      }
      return;
    }
    Path file = cwd.resolve(program);
    if (!Files.exists(file)) {
      throw new SpawnException("'" + program + "' not found (looked for " + file + ")");
    }
    if (Files.isDirectory(file)) {
      throw new SpawnException("'" + program + "' is a directory, not a program");
    }
    if (!Files.isExecutable(file)) {
      throw new SpawnException(
          "'" + program + "' is not executable (chmod +x it, or give it an interpreter)");
    }
  }

  /** The first executable regular file named {@code name} in PATH's directories, as execvp. */
  static Optional<Path> find(String name, String path, Path cwd) {
    for (String dir : orDefault(path).split(":", -1)) {
      // An empty PATH entry means the current directory, which is the process's cwd.
      Path candidate = cwd.resolve(dir.isEmpty() ? name : dir + "/" + name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String orDefault(String path) {
    return path == null ? DEFAULT_PATH : path;
  }
}
