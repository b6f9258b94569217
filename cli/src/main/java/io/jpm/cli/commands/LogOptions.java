package io.jpm.cli.commands;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** The log options of `jpm start` (pm2's names where pm2 has one), mixed into StartCommand. */
public final class LogOptions {
  private boolean logTime;

  private String dateFormat;

  private String logType;

  private Path outFile;

  private Path errorFile;

  private Long maxSize;

  private Integer retain;

  private boolean compress;

  /** Declares these options in {@code spec}, StartCommand's model. */
  void describe(CommandSpec spec) {
    spec.addOption(
        Options.flag(() -> logTime, v -> logTime = v, "--log-time")
            .description(
                "Prefix every log line with an ISO-8601 time (like --log-date-format iso).")
            .build());
    spec.addOption(
        Options.option(String.class, () -> dateFormat, v -> dateFormat = v, "--log-date-format")
            .paramLabel("FMT")
            .description(
                "Prefix every log line with the time in FMT: pm2 tokens YYYY MM DD HH mm ss SSS Z"
                    + " ([text] is literal), or iso.")
            .build());
    spec.addOption(
        Options.option(String.class, () -> logType, v -> logType = v, "--log-type")
            .paramLabel("TYPE")
            .converters(new LogType())
            .description(
                "json: write each line as {\"time\",\"app\",\"instance\",\"stream\",\"message\"}.")
            .build());
    spec.addOption(
        Options.option(Path.class, () -> outFile, v -> outFile = v, "-o", "--output", "--out-file")
            .paramLabel("PATH")
            .description("stdout log file (default JPM_HOME/logs/NAME-out-INDEX.log).")
            .build());
    spec.addOption(
        Options.option(
                Path.class, () -> errorFile, v -> errorFile = v, "-e", "--error", "--error-file")
            .paramLabel("PATH")
            .description("stderr log file (default JPM_HOME/logs/NAME-error-INDEX.log).")
            .build());
    spec.addOption(
        Options.option(Long.class, () -> maxSize, v -> maxSize = v, "--log-max-size")
            .paramLabel("SIZE")
            .converters(new Converters.Size())
            .description("Rotate a log file at SIZE (default 10M; 0 turns rotation off).")
            .build());
    spec.addOption(
        Options.option(Integer.class, () -> retain, v -> retain = v, "--log-retain")
            .paramLabel("N")
            .converters(new Retain())
            .description("Rotated files kept per log file (default 5).")
            .build());
    spec.addOption(
        Options.flag(() -> compress, v -> compress = v, "--log-compress")
            .description("Gzip rotated log files.")
            .build());
  }

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
