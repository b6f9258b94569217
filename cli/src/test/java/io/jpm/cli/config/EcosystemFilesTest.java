package io.jpm.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.messages.v1.AppSpec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File shapes (pm2's JSON, bare lists, one app), profiles, and the ignored-keys warning. */
class EcosystemFilesTest {
  /**
   * The shape of pm2's documented ecosystem file (pm2 docs, "Configuration File"), in JSON, with
   * its common extras: exec_mode, watch: false, ignore_watch, a deploy section.
   */
  private static final String PM2_ECOSYSTEM_JSON =
      """
      {
        "apps": [{
          "name": "API",
          "script": "app.js",
          "args": "one two",
          "instances": 1,
          "autorestart": true,
          "watch": false,
          "ignore_watch": ["node_modules"],
          "max_memory_restart": "1G",
          "exec_mode": "cluster",
          "env": {"NODE_ENV": "development"},
          "env_production": {"NODE_ENV": "production"}
        }, {
          "name": "worker",
          "script": "./worker.js",
          "instances": "max",
          "merge_logs": true,
          "vizion": false
        }],
        "deploy": {
          "production": {
            "user": "node",
            "host": "212.83.163.1",
            "ref": "origin/master",
            "repo": "git@github.com:repo.git",
            "path": "/var/www/production",
            "post-deploy": "npm install && pm2 reload ecosystem.config.js --env production"
          }
        }
      }
      """;

  @TempDir Path dir;
  private ConfigFixtures files;

  @BeforeEach
  void setUp() {
    files = new ConfigFixtures(dir);
    files.script("app.js");
    files.script("worker.js");
  }

  @Test
  void load_pm2EcosystemJson_worksUnchanged() {
    files.write("ecosystem.config.json", PM2_ECOSYSTEM_JSON);

    Ecosystem e = files.load("ecosystem.config.json");

    assertThat(e.apps()).extracting(AppSpec::getName).containsExactly("API", "worker");
    AppSpec api = e.apps().get(0);
    assertThat(api.getScript()).isEqualTo(dir.resolve("app.js").toString());
    assertThat(api.getArgsList()).containsExactly("one", "two");
    assertThat(api.getMaxMemoryBytes()).isEqualTo(1L << 30);
    assertThat(api.getEnvMap()).isEqualTo(Map.of("NODE_ENV", "development"));
    assertThat(e.apps().get(1).getInstancesMax()).isTrue();
    assertThat(e.ignoredKeys()).containsExactly("deploy", "exec_mode", "merge_logs", "vizion");
    assertThat(api.getWatchList()).as("watch: false").isEmpty();
    assertThat(api.getIgnoreWatchList()).containsExactly("node_modules");
    assertThat(e.warning("ecosystem.config.json"))
        .contains(
            "ecosystem.config.json: ignoring pm2 keys that mean nothing to jpm: deploy,"
                + " exec_mode, merge_logs, vizion");
  }

  @Test
  void load_pm2EcosystemJsonWithProfile_mergesEnvProductionOverEnv() {
    files.write("ecosystem.config.json", PM2_ECOSYSTEM_JSON);

    Ecosystem e = files.load("ecosystem.config.json", ConfigFixtures.profile("production"));

    assertThat(e.apps().get(0).getEnvMap()).isEqualTo(Map.of("NODE_ENV", "production"));
    assertThat(e.apps().get(1).getEnvMap()).as("no env_production: env only").isEmpty();
  }

  @Test
  void load_profileAndVariables_layeredEnvThenProfileThenCommandLine() {
    files.yaml(
        """
        apps:
          - script: app.js
            env: {A: env, B: env, C: env}
            env_prod: {B: prod, C: prod}
        """);

    Ecosystem e =
        files.load("app.yaml", new Ecosystem.Selection("prod", Map.of("C", "cli", "D", "cli")));

    assertThat(e.apps().get(0).getEnvMap())
        .isEqualTo(Map.of("A", "env", "B", "prod", "C", "cli", "D", "cli"));
  }

  @Test
  void load_bareYamlList_isAListOfApps() {
    Ecosystem e = files.yaml("- script: app.js\n- name: w\n  script: worker.js\n");

    assertThat(e.apps()).extracting(AppSpec::getName).containsExactly("app", "w");
  }

  @Test
  void load_bareJsonList_isAListOfApps() {
    files.write("apps.json", "[{\"script\": \"app.js\"}]");

    assertThat(files.load("apps.json").apps()).extracting(AppSpec::getName).containsExactly("app");
  }

  @Test
  void load_oneAppAsTheWholeFile_isOneApp() {
    files.write("one.json", "{\"name\": \"solo\", \"script\": \"app.js\"}");

    assertThat(files.load("one.json").apps()).extracting(AppSpec::getName).containsExactly("solo");
  }

  @Test
  void load_ymlExtension_isYaml() {
    files.write("apps.yml", "apps:\n  - script: app.js\n");

    assertThat(files.load("apps.yml").apps()).hasSize(1);
  }

  @Test
  void load_cwdIsRelativeToTheFileNotTheShell() {
    files.script("deep/srv/run.sh");
    files.write("deep/conf/app.yaml", "apps:\n  - cwd: ../srv\n    script: run.sh\n");

    AppSpec app = files.load("deep/conf/app.yaml").apps().get(0);

    assertThat(app.getCwd()).isEqualTo(dir.resolve("deep/srv").toString());
    assertThat(app.getScript()).isEqualTo(dir.resolve("deep/srv/run.sh").toString());
  }

  @Test
  void load_noIgnoredKeys_noWarning() {
    assertThat(files.yaml("apps:\n  - script: app.js\n").warning("app.yaml")).isEmpty();
  }

  @Test
  void isConfigFile_configNamesYesScriptsNo() {
    assertThat(ConfigFile.isConfigFile("app.yaml")).isTrue();
    assertThat(ConfigFile.isConfigFile("dir/apps.YML")).isTrue();
    assertThat(ConfigFile.isConfigFile("ecosystem.json")).isTrue();
    assertThat(ConfigFile.isConfigFile("ecosystem.config.js")).isTrue();
    assertThat(ConfigFile.isConfigFile("pm2.config.cjs")).isTrue();
    assertThat(ConfigFile.isConfigFile("pm2.config.mjs")).isTrue();
    assertThat(ConfigFile.isConfigFile("app.js")).isFalse();
    assertThat(ConfigFile.isConfigFile("server.cjs")).isFalse();
    assertThat(ConfigFile.isConfigFile("web")).isFalse();
  }
}
