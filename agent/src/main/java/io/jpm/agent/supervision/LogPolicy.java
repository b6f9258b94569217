package io.jpm.agent.supervision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an app's output is kept: where, in what form, and how it is rotated.
 *
 * @param outFile stdout log path, or null for JPM_HOME/logs/&lt;app&gt;-out-&lt;index&gt;.log
 * @param errorFile stderr log path, or null for JPM_HOME/logs/&lt;app&gt;-error-&lt;index&gt;.log
 * @param dateFormat timestamp prefix format (pm2 tokens or "iso"), or null for none
 * @param json write each line as a JSON object instead of plain text
 * @param maxSizeBytes rotate a file before it grows past this; 0 turns rotation off
 * @param retain rotated files kept per log file
 * @param compress gzip rotated files
 */
public record LogPolicy(
    String outFile,
    String errorFile,
    String dateFormat,
    boolean json,
    long maxSizeBytes,
    int retain,
    boolean compress) {

  /** Default rotation size: 10 MiB, as pm2-logrotate. */
  public static final long DEFAULT_MAX_SIZE = 10L * 1024 * 1024;

  /** Default number of rotated files kept. */
  public static final int DEFAULT_RETAIN = 5;

  /** Plain text in the default files, rotated at 10 MiB, 5 kept, not compressed. */
  public static LogPolicy defaults() {
    return new LogPolicy(null, null, null, false, DEFAULT_MAX_SIZE, DEFAULT_RETAIN, false);
  }

  /**
   * This policy for one instance of an app: explicit files resolved against {@code cwd} and, when
   * the app has several instances, named per instance by inserting {@code -<index>} before the
   * extension (out.log becomes out-1.log), so instances never share a file. The launcher receives
   * policies in this form.
   */
  public LogPolicy forInstance(Path cwd, int index, int instances) {
    return new LogPolicy(
        instanceFile(outFile, cwd, index, instances),
        instanceFile(errorFile, cwd, index, instances),
        dateFormat,
        json,
        maxSizeBytes,
        retain,
        compress);
  }

  /** Every problem with this policy, as "key: problem" lines; empty when valid. */
  public List<String> problems() {
    List<String> out = new ArrayList<>();
    if (maxSizeBytes < 0) {
      out.add("log_max_size: must not be negative (0 turns rotation off)");
    }
    if (retain < 0 || retain > 1000) {
      out.add("log_retain: must be between 0 and 1000, got " + retain);
    }
    return out;
  }

  private static String instanceFile(String file, Path cwd, int index, int instances) {
    if (file == null || file.isEmpty()) {
      return null;
    }
    Path path = cwd == null ? Path.of(file) : cwd.resolve(file);
    // /dev/null and other devices are shared on purpose (pm2 users silence logs this way).
    if (instances <= 1 || path.startsWith("/dev")) {
      return path.toString();
    }
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String named =
        dot > 0 ? name.substring(0, dot) + "-" + index + name.substring(dot) : name + "-" + index;
    return path.resolveSibling(named).toString();
  }
}
