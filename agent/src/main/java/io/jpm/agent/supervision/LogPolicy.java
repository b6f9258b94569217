package io.jpm.agent.supervision;

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
}
