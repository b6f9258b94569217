package io.jpm.cli.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finds the tools the Python subscriber example needs, so tests can skip clearly without them. */
public final class PythonTools {
  /** The example, from the cli module's directory (where Failsafe runs). */
  public static final Path SUBSCRIBER =
      Path.of("..", "examples", "metrics-subscriber", "subscriber.py").toAbsolutePath().normalize();

  private PythonTools() {}

  /**
   * A python3 that imports zmq and google.protobuf: Debian's /usr/bin/python3 first (where the
   * python3-zmq and python3-protobuf packages go), then python3 on PATH; null when none does.
   */
  public static String withZmqAndProtobuf() {
    for (String python : List.of("/usr/bin/python3", "python3")) {
      try {
        Process p =
            new ProcessBuilder(python, "-c", "import zmq, google.protobuf")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return python;
        }
        p.destroyForcibly();
      } catch (java.io.IOException e) {
        // not installed: try the next one
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  /** True when an executable named {@code program} is on PATH. */
  public static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
