package io.jpm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of config error names the file, the app and the key, and nothing is returned. */
class EcosystemErrorsTest {
  @TempDir Path dir;
  private ConfigFixtures files;

  @BeforeEach
  void setUp() {
    files = new ConfigFixtures(dir);
    files.script("api.py");
  }

  private List<String> problems(String yaml) {
    ConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ConfigException.class, () -> files.yaml(yaml));
    return e.problems();
  }

  private String onlyProblem(String yaml) {
    List<String> problems = problems(yaml);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Test
  void parse_wrongType_namesFileAppKeyAndValue() {
    assertThat(onlyProblem("apps:\n  - name: api\n    script: api.py\n    instances: lots\n"))
        .isEqualTo(
            "app.yaml: app 'api': key 'instances': must be a number or \"max\", got \"lots\"");
  }

  @Test
  void parse_unknownKey_suggestsTheClosestKnownOne() {
    assertThat(onlyProblem("apps:\n  - name: api\n    script: api.py\n    max_restart: 3\n"))
        .isEqualTo(
            "app.yaml: app 'api': key 'max_restart': unknown key (did you mean 'max_restarts'?)");
  }

  @Test
  void parse_unknownKeyFarFromAll_hasNoSuggestion() {
    assertThat(onlyProblem("apps:\n  - name: api\n    script: api.py\n    colour: blue\n"))
        .isEqualTo("app.yaml: app 'api': key 'colour': unknown key");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "instances: -2 | key 'instances': must be a number or \"max\", got -2",
        "instances: 2.5 | key 'instances': must be a number or \"max\", got 2.5",
        "instances: 5000 | key 'instances': must be at most 1024, got 5000",
        "min_uptime: soon | key 'min_uptime': must be a duration",
        "restart_delay: -5 | key 'restart_delay': must be a duration",
        "kill_timeout: [1] | key 'kill_timeout': must be a duration (milliseconds, or e.g."
            + " \"500ms\", \"3s\", \"1m\"), got a list",
        "max_memory_restart: lots | key 'max_memory_restart': must be a size",
        "kill_signal: SIGNOPE | key 'kill_signal': unknown signal \"SIGNOPE\"",
        "max_restarts: -1 | key 'max_restarts': must be a number from 0, got -1",
        "autorestart: maybe | key 'autorestart': must be true or false, got \"maybe\"",
        "stop_exit_codes: [0, x] | key 'stop_exit_codes': must be an exit code",
        "stop_exit_codes: 300 | key 'stop_exit_codes': exit codes are 0..255, got 300",
        "env: [A] | key 'env': must be a map of variables, got a list",
        "env: {A: {B: 1}} | key 'env': variable 'A' must be a string, number or boolean, got a map",
        "env_production: x | key 'env_production': must be a map of variables",
        "args: {a: 1} | key 'args': must be a string or a list of strings, got a map",
        "args: \"'open\" | key 'args': unclosed '",
        "log_type: xml | key 'log_type': must be \"json\"",
        "name: '' | key 'name': must be a non-empty string",
        "name: bad name | key 'name': 'bad name' is not a valid app name",
        "name: all | key 'name': 'all' would be ambiguous",
        "cwd: nowhere | key 'cwd': directory not found: ",
        "port: 70000 | key 'port': must be a port number from 1 to 65535, got 70000",
        "port: web | key 'port': must be a port number from 1 to 65535",
        "watch: 3 | key 'watch': must be a string or a list of strings",
        "watch_delay: soon | key 'watch_delay': ",
        "balance: random | key 'balance': expected round-robin or least-conn, got 'random'",
        "balance: 3 | key 'balance': ",
        "ready: udp | key 'ready': expected tcp, http:/PATH or log:REGEX, got 'udp'",
        "ready: 'http:x' | key 'ready': http check needs a path starting with /",
        "listen_timeout: 0 | key 'listen_timeout': must be a duration longer than 0ms",
        "wait_ready: true | key 'wait_ready': is not supported yet",
        "node_args: --inspect | key 'node_args': is not supported yet",
        "exec: api.py | key 'exec': given twice (also as 'script')",
      })
  void parse_impossibleValue_isAProblemNamingTheKey(String line, String expected) {
    String problem = onlyProblem("apps:\n  - script: api.py\n    " + line + "\n");

    assertThat(problem).startsWith("app.yaml: app ").contains(expected);
  }

  @Test
  void parse_missingScript_namesTheAppByPosition() {
    assertThat(problems("apps:\n  - script: api.py\n  - instances: 2\n"))
        .containsExactly("app.yaml: app #2: key 'script': missing (the script or program to run)");
  }

  @Test
  void parse_scriptFileMissing_isAProblem() {
    assertThat(onlyProblem("apps:\n  - script: ./gone.sh\n"))
        .isEqualTo("app.yaml: app 'gone': key 'script': file not found: " + dir.resolve("gone.sh"));
  }

  @Test
  void parse_severalBadApps_reportsEveryProblemInFileOrder() {
    List<String> problems =
        problems(
            """
            apps:
              - {name: a, script: api.py, instances: lots}
              - {name: b, script: api.py, bogus: 1, min_uptime: soon}
              - {name: c, script: api.py}
            """);

    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).startsWith("app.yaml: app 'a': key 'instances'");
    assertThat(problems.get(1)).startsWith("app.yaml: app 'b': key 'bogus'");
    assertThat(problems.get(2)).startsWith("app.yaml: app 'b': key 'min_uptime'");
  }

  @Test
  void parse_twoAppsWithOneName_isAProblem() {
    assertThat(onlyProblem("apps:\n  - {name: a, script: api.py}\n  - {name: a, script: api.py}\n"))
        .isEqualTo("app.yaml: app 'a': another app in the file has this name");
  }

  @Test
  void parse_unknownProfile_listsTheDefinedOnes() {
    files.write(
        "app.yaml",
        "apps:\n  - script: api.py\n    env_production: {A: 1}\n    env_staging: {A: 2}\n");

    assertThatThrownBy(() -> files.load("app.yaml", ConfigFixtures.profile("prod")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "app.yaml: profile 'prod' is not defined: no app has env_prod"
                + " (defined: production, staging)");
  }

  @Test
  void parse_profileInAFileWithoutProfiles_saysSo() {
    files.write("app.yaml", "apps:\n  - script: api.py\n");

    assertThatThrownBy(() -> files.load("app.yaml", ConfigFixtures.profile("prod")))
        .hasMessageEndingWith("(the file defines no profile)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | app.yaml: expected an 'apps:' list of apps",
        "apps: [] | app.yaml: the list of apps is empty",
        "apps: 3 | app.yaml: 'apps' must be a list of apps, got 3",
        "just text | app.yaml: expected an 'apps:' list of apps",
        "'apps:\n  - script: api.py\nextra: 1' | app.yaml: unknown top-level key 'extra'",
        "'apps:\n  - 3' | app.yaml: app #1: must be a map of keys, got 3",
      })
  void parse_badShape_isAProblem(String yaml, String expected) {
    assertThat(problems(yaml.replace("\\n", "\n")).get(0)).startsWith(expected);
  }

  @Test
  void parse_duplicateKey_isMalformed() {
    assertThat(onlyProblem("apps:\n  - script: api.py\n    name: a\n    name: b\n"))
        .startsWith("app.yaml: not valid YAML at line 4")
        .contains("Duplicate field 'name'");
  }

  @Test
  void load_missingFile_saysNoSuchFile() {
    assertThatThrownBy(() -> files.load("nope.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("nope.yaml: no such file");
  }

  @Test
  void load_brokenJson_namesTheLine() {
    files.write("app.json", "{\"apps\": [\n  {\"script\": }\n]}");

    assertThatThrownBy(() -> files.load("app.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("app.json: not valid JSON at line 2");
  }

  @Test
  void load_javascriptWithoutNode_saysNodeIsNeeded() {
    files.write("ecosystem.config.js", "module.exports = {apps: []};");

    assertThatThrownBy(() -> files.load("ecosystem.config.js"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "ecosystem.config.js: a JavaScript config is evaluated with node, which could not be"
                + " run (/nonexistent/jpm-test/node")
        .hasMessageEndingWith(
            "install Node.js, set JPM_NODE to its path, or write the config as YAML or JSON");
  }
}
