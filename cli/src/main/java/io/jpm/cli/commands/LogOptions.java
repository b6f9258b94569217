package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The log options of `jpm start` (pm2's names where pm2 has one), mixed into StartCommand. */
public final class LogOptions {
  @Option(
      names = "--log-time",
      description = "Prefix every log line with an ISO-8601 time (like --log-date-format iso).")
  private boolean logTime;

  @Option(
      names = "--log-date-format",
      paramLabel = "FMT",
      description =
          "Prefix every log line with the time in FMT: pm2 tokens YYYY MM DD HH mm ss SSS Z"
              + " ([text] is literal), or iso.")
  private String dateFormat;

  @Option(
      names = "--log-type",
      paramLabel = "TYPE",
      converter = LogType.class,
      description =
          "json: write each line as {\"time\",\"app\",\"instance\",\"stream\",\"message\"}.")
  private String logType;

  @Option(
      names = {"-o", "--output", "--out-file"},
      paramLabel = "PATH",
      description = "stdout log file (default JPM_HOME/logs/NAME-out-INDEX.log).")
  private Path outFile;

  @Option(
      names = {"-e", "--error", "--error-file"},
      paramLabel = "PATH",
      description = "stderr log file (default JPM_HOME/logs/NAME-error-INDEX.log).")
  private Path errorFile;

  @Option(
      names = "--log-max-size",
      paramLabel = "SIZE",
      converter = Converters.Size.class,
      description = "Rotate a log file at SIZE (default 10M; 0 turns rotation off).")
  private Long maxSize;

  @Option(
      names = "--log-retain",
      paramLabel = "N",
      converter = Retain.class,
      description = "Rotated files kept per log file (default 5).")
  private Integer retain;

  @Option(names = "--log-compress", description = "Gzip rotated log files.")
  private boolean compress;

  /** Puts the options given into {@code app}; files are resolved against {@code base}. */
  void applyTo(AppSpec.Builder app, Path base) {
    if (dateFormat != null) {
      app.setLogDateFormat(dateFormat);
    } else if (logTime) {
      app.setLogDateFormat("iso");
    }
    if (logType != null) {
      app.setLogType(logType);
    }
    if (outFile != null) {
      app.setOutFile(base.resolve(outFile).normalize().toString());
    }
    if (errorFile != null) {
      app.setErrorFile(base.resolve(errorFile).normalize().toString());
    }
    if (maxSize != null) {
      app.setLogMaxSizeBytes(maxSize);
    }
    if (retain != null) {
      app.setLogRetain(retain);
    }
    if (compress) {
      app.setLogCompress(true);
    }
  }

  /** "json" or "raw" (plain text, the default). */
  public static final class LogType implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (value.equals("json") || value.equals("raw")) {
        return value.equals("raw") ? "" : value;
      }
      throw new TypeConversionException("'" + value + "' is not a log type (json or raw)");
    }
  }

  /** A count of rotated files: 0 to 1000. */
  public static final class Retain implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 0 && n <= 1000) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new TypeConversionException("'" + value + "' is not a file count (0 to 1000)");
    }
  }
}
