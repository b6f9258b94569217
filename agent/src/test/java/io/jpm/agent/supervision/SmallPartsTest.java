package io.jpm.agent.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.testing.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Targets, interpreter detection, durations, signals and spec validation. */
class SmallPartsTest {
  private static final List<Targets.Key> KEYS =
      List.of(
          new Targets.Key(0, "api", "prod"),
          new Targets.Key(1, "api", "prod"),
          new Targets.Key(2, "worker", "prod"),
          new Targets.Key(3, "prod", "default"));

  @Test
  void targets_resolveIdNameNamespaceAndAll() {
    assertThat(Targets.resolve(List.of("1"), KEYS)).containsExactly(1);
    assertThat(Targets.resolve(List.of("api"), KEYS)).containsExactly(0, 1);
    assertThat(Targets.resolve(List.of("all"), KEYS)).containsExactly(0, 1, 2, 3);
    assertThat(Targets.resolve(List.of("worker", "api", "2"), KEYS)).containsExactly(2, 0, 1);
  }

  @Test
  void targets_appNameWinsOverNamespace() {
    assertThat(Targets.resolve(List.of("prod"), KEYS)).containsExactly(3);
  }

  @Test
  void targets_unknownOrMissing_fail() {
    assertThatThrownBy(() -> Targets.resolve(List.of("api", "9"), KEYS))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("'9'");
    assertThatThrownBy(() -> Targets.resolve(List.of(), KEYS)).hasMessageContaining("no target");
  }

  @Test
  void interpreters_detectByExtension() {
    assertThat(Interpreters.detect("/a/b.js")).containsExactly("node");
    assertThat(Interpreters.detect("x.MJS")).containsExactly("node");
    assertThat(Interpreters.detect("srv.py")).containsExactly("python3");
    assertThat(Interpreters.detect("app.jar")).containsExactly("java", "-jar");
    assertThat(Interpreters.detect("run.sh")).containsExactly("sh");
    assertThat(Interpreters.detect("/usr/bin/server")).isEmpty();
    assertThat(Interpreters.detect("/opt/v1.2/server")).isEmpty();
  }

  private static AppSpec script(String script, String interpreter, List<String> args) {
    return new AppSpec(
        "a",
        "default",
        script,
        args,
        interpreter,
        List.of(),
        Path.of("/"),
        Map.of(),
        1,
        InstancePolicy.defaults(),
        0);
  }

  @Test
  void interpreters_argvHonoursExplicitInterpreterAndNone() {
    assertThat(script("/s/app.py", null, List.of("-v")).argv())
        .containsExactly("python3", "/s/app.py", "-v");
    assertThat(script("/s/app.py", "/usr/bin/python3.11", List.of()).argv())
        .containsExactly("/usr/bin/python3.11", "/s/app.py");
    assertThat(script("/s/app.sh", "none", List.of()).argv()).containsExactly("/s/app.sh");
    assertThat(script("/s/app.jar", "java", List.of()).argv())
        .containsExactly("java", "-jar", "/s/app.jar");
  }

  @Test
  void durations_parseAndFormat() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("3s")).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("250")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> Durations.parse("3 days")).hasMessageContaining("invalid duration");
    assertThat(Durations.format(Duration.ofMillis(850))).isEqualTo("850ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMinutes(65))).isEqualTo("1h5m");
  }

  @Test
  void signals_parseNamesAndNumbers() {
    assertThat(Signals.parse("SIGTERM")).contains("TERM");
    assertThat(Signals.parse("usr2")).contains("USR2");
    assertThat(Signals.parse("9")).contains("KILL");
    assertThat(Signals.parse("SIGNOPE")).isEmpty();
    assertThat(Signals.parse("99")).isEmpty();
    assertThat(Signals.numberOf("HUP")).isEqualTo(1);
    assertThat(Signals.nameOf(15)).isEqualTo("SIGTERM");
  }

  @Test
  void appSpec_problemsNameTheKey() {
    assertThat(TestApp.named("ok").build().problems()).isEmpty();
    assertThat(TestApp.named("has space").build().problems()).anyMatch(p -> p.startsWith("name:"));
    assertThat(TestApp.named("42").build().problems()).anyMatch(p -> p.contains("ambiguous"));
    assertThat(TestApp.named("a").stopSignal("BOGUS").build().problems())
        .anyMatch(p -> p.startsWith("kill_signal:"));
    assertThat(TestApp.named("a").cwd(Path.of("rel")).build().problems())
        .anyMatch(p -> p.startsWith("cwd:"));
    assertThat(TestApp.named("a").env(Map.of("A=B", "x")).build().problems())
        .anyMatch(p -> p.startsWith("env:"));
  }
}
