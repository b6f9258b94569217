package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.security.CurveKeyPair;
import io.jpm.cli.CliContext;
import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.controller.fleet.HostEntry;
import io.jpm.controller.fleet.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jpm keys` on a real JPM_HOME in a temp dir, and `jpm agent`'s fleet flags. */
class KeysCommandTest {
  @TempDir Path home;
  private final List<AgentConfig> ran = new ArrayList<>();

  private CliRun jpm(String... args) {
    CliContext plain = CliRun.context(new FakeAgentConnector(new FakeControlClient()), home);
    CliContext context =
        new CliContext(
            new AgentPaths(home),
            home,
            plain.connector(),
            config -> {
              ran.add(config);
              return 0;
            });
    return CliRun.run(context, args);
  }

  @Test
  void keys_noSubcommand_printsThePublicKeyCreatingThePair() throws Exception {
    CliRun run = jpm("keys");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip()).isEqualTo(Files.readString(home.resolve("keys/id.pub")).strip());
    assertThat(jpm("keys", "show").out()).isEqualTo(run.out());
  }

  @Test
  void authorizeListRevoke_roundTrip_listsRolesAndJson() throws Exception {
    String a = CurveKeyPair.generate().publicKey();
    Path pub = home.resolve("ctl.pub");
    String b = CurveKeyPair.generate().publicKey();
    Files.writeString(pub, b + "\n");

    assertThat(jpm("keys", "authorize", a, "--name", "ci").exitCode()).isZero();
    assertThat(
            jpm("keys", "authorize", pub.toString(), "--name", "ctl", "--role", "operator")
                .exitCode())
        .isZero();
    assertThat(jpm("keys", "list").out()).contains("ci").contains("read").contains("operator");
    JsonNode json = new ObjectMapper().readTree(jpm("keys", "list", "--json").out());
    assertThat(json).hasSize(2);
    assertThat(json.get(1).get("key").asText()).isEqualTo(b);
    assertThat(json.get(1).get("role").asText()).isEqualTo("operator");

    assertThat(jpm("keys", "revoke", "ci").exitCode()).isZero();
    assertThat(jpm("keys", "revoke", b).exitCode()).isZero();
    assertThat(new ObjectMapper().readTree(jpm("keys", "list", "--json").out())).isEmpty();
    assertThat(jpm("keys", "revoke", "ci").exitCode()).isEqualTo(2);
  }

  @Test
  void authorize_badKeyText_usageErrorNamingTheProblem() {
    CliRun run = jpm("keys", "authorize", "short", "--name", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("40 Z85").contains("got 5");
    assertThat(
            jpm(
                    "keys",
                    "authorize",
                    CurveKeyPair.generate().publicKey(),
                    "--name",
                    "x",
                    "--role",
                    "root")
                .exitCode())
        .isEqualTo(2);
  }

  @Test
  void agent_bindLabelsController_reachTheConfig() {
    String key = CurveKeyPair.generate().publicKey();
    CliRun run =
        jpm(
            "agent",
            "--bind",
            "tcp://0.0.0.0:7700",
            "--label",
            "role=web",
            "--label",
            "dc=par",
            "--controller",
            "tcp://ctl:7800",
            "--controller-key",
            key);
    assertThat(run.exitCode()).as(run.err()).isZero();
    var network = ran.get(0).network();
    assertThat(network.controlBind()).contains("tcp://0.0.0.0:7700");
    assertThat(network.eventsBind()).contains("tcp://0.0.0.0:7701");
    assertThat(network.labels()).containsEntry("role", "web").containsEntry("dc", "par");
    assertThat(network.controller().get().publicKey()).isEqualTo(key);
  }

  @Test
  void agent_controllerWithKeyInTheEndpoint_announcesThereWithThatKey() {
    String key = CurveKeyPair.generate().publicKey();
    var run = jpm("--controller", "tcp://ctl:7802#" + key, "agent", "--bind", "tcp://0.0.0.0:0");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var controller = ran.get(0).network().controller().get();
    assertThat(controller.publicKey()).isEqualTo(key);
    assertThat(controller.endpoint()).isEqualTo("tcp://ctl:7802");
  }

  @Test
  void agent_badBindOrLoneController_usageError() {
    assertThat(jpm("agent", "--bind", "10.0.0.1:7700").exitCode()).isEqualTo(2);
    assertThat(jpm("agent", "--controller", "tcp://ctl:1").exitCode()).isEqualTo(2);
  }

  private void announced(String host) throws Exception {
    boolean accepted =
        new KeyFiles(home.resolve("keys"))
            .announced(
                new HostEntry(
                    host,
                    "tcp://10.0.0.2:7700",
                    CurveKeyPair.generate().publicKey(),
                    Map.of(),
                    HostEntry.ANNOUNCED),
                "1.0");
    assertThat(accepted).isFalse();
  }

  @Test
  void acceptReject_pendingHosts_moveOrDeleteTheirFiles() throws Exception {
    announced("web1");
    announced("web2");
    announced("web3");
    assertThat(jpm("keys", "pending").out()).contains("web1").contains("pending");

    CliRun accept = jpm("keys", "accept", "web1");
    CliRun reject = jpm("keys", "reject", "web2");

    assertThat(accept.exitCode()).isZero();
    assertThat(reject.exitCode()).isZero();
    KeyFiles files = new KeyFiles(home.resolve("keys"));
    assertThat(files.accepted()).extracting(HostEntry::name).containsExactly("web1");
    assertThat(files.pending()).extracting(HostEntry::name).containsExactly("web3");
    assertThat(jpm("keys", "pending").out()).containsPattern("web1 +accepted");
    assertThat(jpm("keys", "accept", "--all").exitCode()).isZero();
    assertThat(files.accepted()).extracting(HostEntry::name).containsExactly("web1", "web3");
  }

  @Test
  void acceptReject_unknownHost_usageErrorNamingIt() {
    CliRun accept = jpm("keys", "accept", "nosuch");
    CliRun reject = jpm("keys", "reject", "nosuch");

    assertThat(accept.exitCode()).isEqualTo(2);
    assertThat(accept.err()).contains("no pending host 'nosuch'").contains("jpm keys pending");
    assertThat(reject.exitCode()).isEqualTo(2);
    assertThat(reject.err()).contains("no pending host 'nosuch'");
    assertThat(jpm("keys", "accept").exitCode()).isEqualTo(2);
  }
}
