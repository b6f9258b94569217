package io.jpm.cli.commands;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Range;

/**
 * The shapes of jpm's options and parameters, for picocli models built in code and bound to the
 * commands' fields through lambdas. No command is annotated: reading picocli's annotations makes
 * JDK proxy classes at run time, which no AOT cache can hold, and cost about 0.1 s of every run.
 *
 * <p>Every builder says it has no initial value, so picocli leaves a field as its Java initializer
 * set it until an argument sets it (each run builds a new command).
 */
public final class Options {
  private Options() {}

  /**
   * Adds -h/--help and -V/--version as picocli's {@code mixinStandardHelpOptions} does (call it
   * after the command's own options, as picocli does), but built in code: picocli's own mixin is
   * read from annotations.
   */
  public static void addStandardHelp(CommandSpec spec) {
    CommandSpec help = CommandSpec.create();
    help.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    help.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    spec.addMixin("standardHelpOptions", help);
  }

  /** An option without a value: {@code set} gets true when it is given. */
  public static OptionSpec.Builder flag(
      Supplier<Boolean> get, Consumer<Boolean> set, String... names) {
    return bound(OptionSpec.builder(names).type(boolean.class), get, set);
  }

  /** An option with one value of {@code type}. */
  public static <T> OptionSpec.Builder option(
      Class<T> type, Supplier<T> get, Consumer<T> set, String... names) {
    return bound(OptionSpec.builder(names).type(type), get, set);
  }

  /** A repeatable option: its values, of {@code type}, in a list. */
  public static <T> OptionSpec.Builder list(
      Class<T> type, Supplier<List<T>> get, Consumer<List<T>> set, String... names) {
    return bound(OptionSpec.builder(names).type(List.class).auxiliaryTypes(type), get, set);
  }

  /** A repeatable KEY=VALUE option of strings, in a map. */
  public static OptionSpec.Builder map(
      Supplier<Map<String, String>> get, Consumer<Map<String, String>> set, String... names) {
    return bound(
        OptionSpec.builder(names).type(Map.class).auxiliaryTypes(String.class, String.class),
        get,
        set);
  }

  /**
   * A positional parameter with one value of {@code type}, taking {@code arity} arguments; required
   * when the arity's minimum is above 0, as picocli derives it from an annotation.
   */
  public static <T> PositionalParamSpec.Builder parameter(
      Class<T> type, String arity, Supplier<T> get, Consumer<T> set) {
    return bound(withArity(PositionalParamSpec.builder().type(type), arity), get, set);
  }

  /** Positional parameters of {@code type}, in a list; {@code arity} as for {@link #parameter}. */
  public static <T> PositionalParamSpec.Builder parameters(
      Class<T> type, String arity, Supplier<List<T>> get, Consumer<List<T>> set) {
    PositionalParamSpec.Builder builder =
        PositionalParamSpec.builder().type(List.class).auxiliaryTypes(type);
    return bound(withArity(builder, arity), get, set);
  }

  private static PositionalParamSpec.Builder withArity(
      PositionalParamSpec.Builder builder, String arity) {
    Range range = Range.valueOf(arity);
    return builder.arity(range).required(range.min() > 0);
  }

  private static <V> OptionSpec.Builder bound(
      OptionSpec.Builder builder, Supplier<V> get, Consumer<V> set) {
    Binding<V> binding = new Binding<>(get, set);
    return builder.getter(binding).setter(binding).hasInitialValue(false);
  }

  private static <V> PositionalParamSpec.Builder bound(
      PositionalParamSpec.Builder builder, Supplier<V> get, Consumer<V> set) {
    Binding<V> binding = new Binding<>(get, set);
    return builder.getter(binding).setter(binding).hasInitialValue(false);
  }

  /** A field seen through lambdas (picocli's IGetter and ISetter are generic: no lambdas). */
  private record Binding<V>(Supplier<V> reader, Consumer<V> writer) implements IGetter, ISetter {
    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // picocli's IGetter's shape
    public <T> T get() {
      return (T) reader.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T set(T value) {
      T previous = (T) reader.get();
      writer.accept((V) value);
      return previous;
    }
  }
}
