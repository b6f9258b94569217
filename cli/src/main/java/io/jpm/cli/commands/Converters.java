package io.jpm.cli.commands;

import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.Durations;
import io.jpm.agent.supervision.ReadyCheck;
import io.jpm.agent.supervision.Signals;
import java.time.Duration;
import java.util.Locale;
import java.util.Stack;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for the values users type: durations, sizes, signals, instance counts, ports
 * and readiness checks.
 */
public final class Converters {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE);

  private Converters() {}

  /** Parses "200M", "1G", "512K", "1.5g" or a bare number of bytes (binary multiples). */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid size '" + text + "' (use e.g. 512K, 200M, 1G)");
    }
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          default -> 0;
        };
    return Math.round(Double.parseDouble(m.group(1)) * (1L << shift));
  }

  /** A duration such as 500ms, 3s or 1m; zero allowed. */
  public static final class NonNegativeDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A duration greater than zero. */
  public static final class PositiveDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d = new NonNegativeDuration().convert(value);
      if (d.isZero()) {
        throw new TypeConversionException("'" + value + "' must be longer than 0ms");
      }
      return d;
    }
  }

  /**
   * An option whose duration is optional ({@code --exp-backoff} or {@code --exp-backoff=2s}): takes
   * the next argument only when it starts with a digit, so {@code --exp-backoff app.js} leaves the
   * script alone (picocli's arity 0..1 would try to convert "app.js").
   */
  public static final class OptionalDuration implements IParameterConsumer {
    /** Used when no duration follows the option. */
    public static final String DEFAULT = "100ms";

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      String value =
          !args.isEmpty() && !args.peek().isEmpty() && Character.isDigit(args.peek().charAt(0))
              ? args.pop()
              : DEFAULT;
      try {
        argSpec.setValue(new PositiveDuration().convert(value));
      } catch (TypeConversionException e) {
        throw new ParameterException(
            commandSpec.commandLine(),
            "Invalid value for option '"
                + ((OptionSpec) argSpec).longestName()
                + "': "
                + e.getMessage());
      }
    }
  }

  /** A memory size, in bytes. */
  public static final class Size implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parseSize(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A signal name or number, to its "SIGNAME" form. */
  public static final class Signal implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Signals.parse(value)
          .map(name -> "SIG" + name)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "unknown signal '" + value + "' (use e.g. SIGTERM, INT, 12)"));
    }
  }

  /** A count from 1. */
  public static final class PositiveCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new TypeConversionException("'" + value + "' is not a number from 1");
    }
  }

  /** {@code --parallel}: N or N%. */
  public static final class ParallelismText implements ITypeConverter<Parallelism> {
    @Override
    public Parallelism convert(String value) {
      try {
        return Parallelism.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A TCP port, 1 to 65535. */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        int n = Integer.parseInt(value);
        if (n >= 1 && n <= 65535) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new TypeConversionException("'" + value + "' is not a port (a number from 1 to 65535)");
    }
  }

  /** A readiness check: tcp, http:/PATH or log:REGEX. */
  public static final class Ready implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return ReadyCheck.parse(value).text();
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A balance of a public port: "round-robin" or "least-conn". */
  public static final class BalanceWord implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Balance.of(value)
          .map(Balance::word)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "expected round-robin or least-conn, got '" + value + "'"));
    }
  }

  /** A positive instance count or "max". */
  public static final class Instances implements ITypeConverter<InstanceCount> {
    @Override
    public InstanceCount convert(String value) {
      if (value.equalsIgnoreCase("max")) {
        return InstanceCount.MAX;
      }
      try {
        int n = Integer.parseInt(value);
        if (n >= 1) {
          return new InstanceCount(n, false);
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
      throw new TypeConversionException(
          "'" + value + "' is not an instance count (a number from 1, or max)");
    }
  }
}
