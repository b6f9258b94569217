package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Inventory files: YAML and JSON, and a clear error for every kind of mistake. */
class InventoryTest {
  private static final String KEY = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void load_yaml_readsEveryHost() throws IOException {
    Path file =
        write(
            "inventory.yaml",
            """
            hosts:
              - host: web1
                endpoint: tcp://10.0.0.2:7700
                key: "%s"
                labels: {role: web, dc: par}
              - host: local
                endpoint: ipc:///home/me/.jpm/rpc.sock
            """
                .formatted(KEY));

    List<HostEntry> hosts = Inventory.load(file, false);

    assertThat(hosts)
        .containsExactly(
            new HostEntry(
                "web1",
                "tcp://10.0.0.2:7700",
                KEY,
                Map.of("role", "web", "dc", "par"),
                HostEntry.INVENTORY),
            new HostEntry(
                "local", "ipc:///home/me/.jpm/rpc.sock", "", Map.of(), HostEntry.INVENTORY));
  }

  @Test
  void load_json_readsEveryHost() throws IOException {
    Path file =
        write(
            "inventory.json",
            "{\"hosts\": [{\"host\": \"a\", \"endpoint\": \"ipc:///x/rpc.sock\","
                + " \"labels\": {\"n\": 1}}]}");

    assertThat(Inventory.load(file, false))
        .singleElement()
        .satisfies(h -> assertThat(h.labels()).containsOnly(Map.entry("n", "1")));
  }

  @Test
  void load_missingFile_emptyWhenOptional_errorOtherwise() {
    Path file = dir.resolve("none.yaml");

    assertThat(catchLoad(file, true)).isEmpty();
    assertThatThrownBy(() -> Inventory.load(file, false))
        .hasMessage(file + ": no such inventory file");
  }

  @Test
  void load_emptyFileOrNoHosts_isEmpty() throws IOException {
    assertThat(Inventory.load(write("a.yaml", ""), false)).isEmpty();
    assertThat(Inventory.load(write("b.yaml", "hosts: []\n"), false)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown top key      | hostz: []                                                    | top level: unknown key 'hostz'
          hosts not a list     | hosts: {a: 1}                                                | 'hosts' must be a list
          entry not a mapping  | hosts: [web1]                                                | hosts[0]: expected a mapping
          missing host         | hosts: [{endpoint: 'ipc:///a'}]                              | hosts[0]: missing key 'host'
          missing endpoint     | hosts: [{host: web1}]                                        | hosts[0] (host web1): missing key 'endpoint'
          unknown entry key    | hosts: [{host: web1, endpoint: 'ipc:///a', lables: {}}]      | hosts[0] (host web1): unknown key 'lables' (expected endpoint, host, key, labels)
          bad scheme           | hosts: [{host: web1, endpoint: 'http://a:1'}]                | hosts[0] (host web1): key 'endpoint': 'http://a:1': expected tcp://HOST:PORT or ipc:///path
          no port              | hosts: [{host: web1, endpoint: 'tcp://a', key: k}]           | key 'endpoint': 'tcp://a': expected tcp://HOST:PORT
          bad port             | hosts: [{host: web1, endpoint: 'tcp://a:99999', key: k}]     | key 'endpoint': 'tcp://a:99999': port must be 1..65535
          relative ipc         | hosts: [{host: web1, endpoint: 'ipc://rel.sock'}]            | key 'endpoint': 'ipc://rel.sock': an ipc:// endpoint needs an absolute path
          tcp without key      | hosts: [{host: web1, endpoint: 'tcp://a:7700'}]              | hosts[0] (host web1): missing key 'key'
          short key            | hosts: [{host: web1, endpoint: 'tcp://a:7700', key: abc}]    | key 'key': expected a 40-character Z85 CURVE public key
          labels not a map     | hosts: [{host: web1, endpoint: 'ipc:///a', labels: [a]}]     | key 'labels': expected a mapping
          label list value     | hosts: [{host: web1, endpoint: 'ipc:///a', labels: {a: [1]}}]| key 'labels.a': expected a plain value
          bad host name        | hosts: [{host: 'we b', endpoint: 'ipc:///a'}]                | key 'host': use letters, digits
          duplicate host       | hosts: [{host: a, endpoint: 'ipc:///a'}, {host: a, endpoint: 'ipc:///b'}] | hosts[1] (host a): key 'host': duplicate host, also hosts[0]
          duplicate key        | hosts: [{host: a, host: b, endpoint: 'ipc:///a'}]            | not valid: Duplicate field 'host'
          not yaml             | 'hosts: [ {'                                                 | not valid
          """)
  void load_mistake_throwsNamingFileEntryAndKey(String what, String yaml, String message)
      throws IOException {
    Path file = write("inventory.yaml", yaml + "\n");

    assertThatThrownBy(() -> Inventory.load(file, false))
        .as(what)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(message);
  }

  private static List<HostEntry> catchLoad(Path file, boolean optional) {
    try {
      return Inventory.load(file, optional);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
