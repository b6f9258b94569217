package io.jpm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of app key in a config file, and every pm2 alias, mapped to the wire spec. */
class EcosystemKeysTest {
  @TempDir Path dir;
  private ConfigFixtures files;

  @BeforeEach
  void setUp() {
    files = new ConfigFixtures(dir);
    files.script("srv/api.py");
  }

  private AppSpec only(String yaml) {
    Ecosystem e = files.yaml(yaml);
    assertThat(e.apps()).hasSize(1);
    return e.apps().get(0);
  }

  @Test
  void parse_everyUsedKey_mappedToTheSpec() {
    AppSpec app =
        only(
            """
            apps:
              - name: api
                namespace: shop
                script: api.py
                cwd: srv
                args: --port 80 'a b'
                interpreter: python3
                instances: 3
                env: {A: "1", B: 2, C: true}
                autorestart: false
                max_restarts: 5
                min_uptime: 3s
                restart_delay: 500
                exp_backoff_restart_delay: 1m
                kill_timeout: 2s
                kill_signal: SIGINT
                stop_exit_codes: [0, 3]
                max_memory_restart: 200M
                out_file: logs/out.log
                error_file: /var/log/api.err
                log_date_format: YYYY-MM-DD HH:mm Z
                log_type: json
                log_max_size: 1G
                log_retain: 3
                log_compress: true
            """);

    Path srv = dir.resolve("srv");
    assertThat(app.getName()).isEqualTo("api");
    assertThat(app.getNamespace()).isEqualTo("shop");
    assertThat(app.getScript()).isEqualTo(srv.resolve("api.py").toString());
    assertThat(app.getCwd()).isEqualTo(srv.toString());
    assertThat(app.getArgsList()).containsExactly("--port", "80", "a b");
    assertThat(app.getInterpreter()).isEqualTo("python3");
    assertThat(app.getInstances()).isEqualTo(3);
    assertThat(app.getInstancesMax()).isFalse();
    assertThat(app.getEnvMap()).isEqualTo(Map.of("A", "1", "B", "2", "C", "true"));
    assertThat(app.hasAutorestart()).isTrue();
    assertThat(app.getAutorestart()).isFalse();
    assertThat(app.getMaxRestarts()).isEqualTo(5);
    assertThat(app.getMinUptimeMs()).isEqualTo(3000);
    assertThat(app.getRestartDelayMs()).isEqualTo(500);
    assertThat(app.getExpBackoffRestartDelayMs()).isEqualTo(60_000);
    assertThat(app.getKillTimeoutMs()).isEqualTo(2000);
    assertThat(app.getKillSignal()).isEqualTo("SIGINT");
    assertThat(app.getStopExitCodesList()).containsExactly(0, 3);
    assertThat(app.getMaxMemoryBytes()).isEqualTo(200L << 20);
    assertThat(app.getOutFile()).isEqualTo(srv.resolve("logs/out.log").toString());
    assertThat(app.getErrorFile()).isEqualTo("/var/log/api.err");
    assertThat(app.getLogDateFormat()).isEqualTo("YYYY-MM-DD HH:mm Z");
    assertThat(app.getLogType()).isEqualTo("json");
    assertThat(app.getLogMaxSizeBytes()).isEqualTo(1L << 30);
    assertThat(app.getLogRetain()).isEqualTo(3);
    assertThat(app.getLogCompress()).isTrue();
    assertThat(app.getBaseEnvMap()).as("the command adds the base env").isEmpty();
  }

  @Test
  void parse_onlyScript_leavesEveryOptionalFieldUnsetAndDerivesName() {
    files.script("worker.sh");

    AppSpec app = only("apps:\n  - script: worker.sh\n");

    assertThat(app.getName()).isEqualTo("worker");
    assertThat(app.getCwd()).as("the file's directory").isEqualTo(dir.toString());
    assertThat(app.getScript()).isEqualTo(dir.resolve("worker.sh").toString());
    assertThat(app.hasAutorestart()).isFalse();
    assertThat(app.hasMaxRestarts()).isFalse();
    assertThat(app.hasMinUptimeMs()).isFalse();
    assertThat(app.hasKillTimeoutMs()).isFalse();
    assertThat(app.hasExpBackoffRestartDelayMs()).isFalse();
    assertThat(app.hasLogMaxSizeBytes()).isFalse();
    assertThat(app.getInstances()).isZero();
    assertThat(app.getKillSignal()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "exec, api.py",
    "script, api.py",
  })
  void parse_scriptOrExec_setsTheScript(String key, String value) {
    AppSpec app = only("apps:\n  - cwd: srv\n    " + key + ": " + value + "\n");

    assertThat(app.getScript()).isEqualTo(dir.resolve("srv/api.py").toString());
  }

  @ParameterizedTest
  @CsvSource({"interpreter", "exec_interpreter"})
  void parse_interpreterAliases_setTheInterpreter(String key) {
    assertThat(only("apps:\n  - script: srv/api.py\n    " + key + ": none\n").getInterpreter())
        .isEqualTo("none");
  }

  @ParameterizedTest
  @CsvSource({"out_file", "out", "output", "out_log"})
  void parse_outFileAliases_setTheOutFile(String key) {
    assertThat(only("apps:\n  - script: srv/api.py\n    " + key + ": o.log\n").getOutFile())
        .isEqualTo(dir.resolve("o.log").toString());
  }

  @ParameterizedTest
  @CsvSource({"error_file", "error", "err", "err_file", "err_log"})
  void parse_errorFileAliases_setTheErrorFile(String key) {
    assertThat(only("apps:\n  - script: srv/api.py\n    " + key + ": e.log\n").getErrorFile())
        .isEqualTo(dir.resolve("e.log").toString());
  }

  @ParameterizedTest
  @CsvSource({"max, 0", "0, 0", "-1, 0", "'\"max\"', 0", "1, 1", "'\"4\"', 4", "1024, 1024"})
  void parse_instances_numberOrMaxLikePm2(String value, int count) {
    AppSpec app = only("apps:\n  - script: srv/api.py\n    instances: " + value + "\n");

    assertThat(app.getInstances()).isEqualTo(count);
    assertThat(app.getInstancesMax()).isEqualTo(count == 0);
  }

  @ParameterizedTest
  @CsvSource({"1500, 1500", "1s, 1000", "500ms, 500", "1m, 60000", "'\"2h\"', 7200000"})
  void parse_durations_numberIsMillisOrUnits(String value, long millis) {
    AppSpec app = only("apps:\n  - script: srv/api.py\n    min_uptime: " + value + "\n");

    assertThat(app.getMinUptimeMs()).isEqualTo(millis);
  }

  @ParameterizedTest
  @CsvSource({"1048576, 1048576", "512K, 524288", "200M, 209715200", "1G, 1073741824"})
  void parse_sizes_numberIsBytesOrUnits(String value, long bytes) {
    AppSpec app = only("apps:\n  - script: srv/api.py\n    max_memory_restart: " + value + "\n");

    assertThat(app.getMaxMemoryBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"SIGINT, SIGINT", "int, SIGINT", "2, SIGINT", "USR2, SIGUSR2"})
  void parse_killSignal_nameOrNumber(String value, String signal) {
    assertThat(
            only("apps:\n  - script: srv/api.py\n    kill_signal: " + value + "\n").getKillSignal())
        .isEqualTo(signal);
  }

  @Test
  void parse_stopExitCodes_singleNumber() {
    assertThat(
            only("apps:\n  - script: srv/api.py\n    stop_exit_codes: 3\n").getStopExitCodesList())
        .containsExactly(3);
  }

  @Test
  void parse_argsList_scalarsAsText() {
    assertThat(only("apps:\n  - script: srv/api.py\n    args: [-p, 80, true]\n").getArgsList())
        .containsExactly("-p", "80", "true");
  }

  @Test
  void parse_expBackoffZero_isOffLikePm2() {
    AppSpec app = only("apps:\n  - script: srv/api.py\n    exp_backoff_restart_delay: 0\n");

    assertThat(app.hasExpBackoffRestartDelayMs()).isFalse();
  }

  @Test
  void parse_time_prefixesIsoTimestampsUnlessAFormatIsGiven() {
    assertThat(only("apps:\n  - script: srv/api.py\n    time: true\n").getLogDateFormat())
        .isEqualTo("iso");
    assertThat(
            only("apps:\n  - script: srv/api.py\n    time: true\n    log_date_format: HH:mm\n")
                .getLogDateFormat())
        .isEqualTo("HH:mm");
  }

  @Test
  void parse_bareProgramName_isLeftForPath() {
    AppSpec app = only("apps:\n  - name: web\n    script: npm\n    args: start\n");

    assertThat(app.getScript()).isEqualTo("npm");
    assertThat(app.getArgsList()).containsExactly("start");
  }

  @Test
  void parse_portReadyListenTimeout_readIntoTheSpec() {
    AppSpec app =
        only(
            """
            apps:
              - script: srv/api.py
                port: 8080
                ready: http:/up
                listen_timeout: 5s
                balance: least-conn
            """);

    assertThat(app.getPort()).isEqualTo(8080);
    assertThat(app.getBalance()).isEqualTo("least-conn");
    assertThat(app.getReady()).isEqualTo("http:/up");
    assertThat(app.getListenTimeoutMs()).isEqualTo(5000);
  }

  @Test
  void parse_watchKeys_asPm2WritesThem() {
    Ecosystem e =
        files.yaml(
            "apps:\n  - script: srv/api.py\n    watch: true\n    ignore_watch: [tmp, '*.bak']\n"
                + "    watch_delay: 250\n  - script: srv/api.py\n    name: two\n"
                + "    watch: [srv, lib]\n");

    assertThat(e.apps().get(0).getWatchList()).containsExactly(".");
    assertThat(e.apps().get(0).getIgnoreWatchList()).containsExactly("tmp", "*.bak");
    assertThat(e.apps().get(0).getWatchDelayMs()).isEqualTo(250);
    assertThat(e.apps().get(1).getWatchList()).containsExactly("srv", "lib");
  }

  @Test
  void parse_notYetKeysThatAskForNothing_areAccepted() {
    Ecosystem e =
        files.yaml(
            "apps:\n  - script: srv/api.py\n    watch: false\n    wait_ready: null\n    cron: ''\n");

    assertThat(e.apps()).hasSize(1);
    assertThat(e.warning("app.yaml")).isEmpty();
  }
}
