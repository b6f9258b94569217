package io.jpm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JavaScript configs evaluated by a real node (skipped where node is not installed). */
class NodeEvaluatorIT {
  private static final NodeEvaluator NODE = new NodeEvaluator("node", Duration.ofSeconds(20));

  @TempDir Path dir;
  private ConfigFixtures files;

  @BeforeAll
  static void nodeInstalled() {
    boolean found =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, "node")));
    assumeTrue(found, "node is not on PATH");
  }

  @BeforeEach
  void setUp() {
    files = new ConfigFixtures(dir);
    files.script("app.js");
  }

  private Ecosystem load(String name) {
    return Ecosystem.load(dir.resolve(name), name, Ecosystem.Selection.none(), NODE);
  }

  @Test
  void evaluate_commonJsEcosystem_isReadLikeJson() {
    files.write(
        "ecosystem.config.js",
        """
        const base = {script: 'app.js', env: {N: 1 + 1}};
        console.log('noise on stdout must not break the result');
        module.exports = {apps: [{...base, name: 'web', instances: 2}]};
        """);

    AppSpec app = load("ecosystem.config.js").apps().get(0);

    assertThat(app.getName()).isEqualTo("web");
    assertThat(app.getInstances()).isEqualTo(2);
    assertThat(app.getEnvMap()).isEqualTo(Map.of("N", "2"));
    assertThat(app.getScript()).isEqualTo(dir.resolve("app.js").toString());
  }

  @Test
  void evaluate_cjsWithTimerLeftRunning_stillFinishes() {
    files.write(
        "pm2.config.cjs",
        "setInterval(() => {}, 1000);\nmodule.exports = [{script: 'app.js', name: 'x'}];\n");

    assertThat(load("pm2.config.cjs").apps()).extracting(AppSpec::getName).containsExactly("x");
  }

  @Test
  void evaluate_esModule_defaultExportIsTheConfig() {
    files.write("pm2.config.mjs", "export default {apps: [{script: 'app.js', name: 'esm'}]};\n");

    assertThat(load("pm2.config.mjs").apps()).extracting(AppSpec::getName).containsExactly("esm");
  }

  @Test
  void evaluate_throwingConfig_namesTheFileAndTheError() {
    files.write("ecosystem.config.js", "throw new Error('no DATABASE_URL set');\n");

    assertThatThrownBy(() -> load("ecosystem.config.js"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ecosystem.config.js: evaluating it failed: Error: no DATABASE_URL set");
  }

  @Test
  void evaluate_syntaxError_namesTheFile() {
    files.write("ecosystem.config.js", "module.exports = {apps: [\n");

    assertThatThrownBy(() -> load("ecosystem.config.js"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ecosystem.config.js: evaluating it failed: SyntaxError");
  }

  @Test
  void evaluate_badKeyInJs_isAProblemLikeInYaml() {
    files.write(
        "ecosystem.config.js", "module.exports = {apps: [{script: 'app.js', instances: 'lots'}]};");

    assertThatThrownBy(() -> load("ecosystem.config.js"))
        .hasMessage(
            "ecosystem.config.js: app 'app': key 'instances': must be a number or \"max\","
                + " got \"lots\"");
  }
}
