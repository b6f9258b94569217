package io.jpm.controller.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.agent.security.CurveKeyPair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the controller answers announcements, on key files in a temp dir. */
class EnrollmentTest {
  @TempDir Path keysDir;
  private final String key = CurveKeyPair.generate().publicKey();
  private final String other = CurveKeyPair.generate().publicKey();

  private Enrollment enrollment(HostEntry... inventory) {
    return new Enrollment(new KeyFiles(keysDir), List.of(inventory));
  }

  private Enrollment.Announcement announcement(String host, String endpoint, String publicKey) {
    return new Enrollment.Announcement(host, endpoint, publicKey, Map.of("role", "web"), "1.0");
  }

  @Test
  void announce_newHost_pendingWithItsEntry() throws IOException {
    Enrollment.Verdict v =
        enrollment().announce(announcement("web1", "tcp://10.0.0.2:7700", key), key, "10.0.0.2");

    assertThat(v).isEqualTo(new Enrollment.Verdict(false, ""));
    assertThat(new KeyFiles(keysDir).pending())
        .containsExactly(
            new HostEntry(
                "web1", "tcp://10.0.0.2:7700", key, Map.of("role", "web"), HostEntry.ANNOUNCED));
  }

  @Test
  void announce_acceptedHostSameKey_accepted() throws IOException {
    Enrollment e = enrollment();
    e.announce(announcement("web1", "tcp://10.0.0.2:7700", key), key, "10.0.0.2");
    new KeyFiles(keysDir).accept("web1");

    Enrollment.Verdict v =
        e.announce(announcement("web1", "tcp://10.0.0.2:7700", key), key, "10.0.0.2");

    assertThat(v.accepted()).isTrue();
    assertThat(new KeyFiles(keysDir).pending()).isEmpty();
  }

  @Test
  void announce_keyOtherThanTheConnections_refusedAndNotRecorded() throws IOException {
    Enrollment.Verdict v =
        enrollment().announce(announcement("web1", "tcp://10.0.0.2:7700", other), key, "10.0.0.2");

    assertThat(v.isRefused()).isTrue();
    assertThat(v.refusal()).contains(other).contains(key);
    assertThat(new KeyFiles(keysDir).pending()).isEmpty();
  }

  @Test
  void announce_inventoryHost_acceptedWithItsKeyRefusedWithAnother() throws IOException {
    HostEntry web1 = new HostEntry("web1", "tcp://10.0.0.2:7700", key, Map.of(), "inventory");
    Enrollment e = enrollment(web1);

    Enrollment.Verdict same =
        e.announce(announcement("web1", "tcp://10.0.0.2:7700", key), key, "10.0.0.2");
    Enrollment.Verdict changed =
        e.announce(announcement("web1", "tcp://10.0.0.2:7700", other), other, "10.0.0.9");

    assertThat(same.accepted()).isTrue();
    assertThat(changed.isRefused()).isTrue();
    assertThat(changed.refusal()).contains("inventory");
    assertThat(new KeyFiles(keysDir).pending()).isEmpty();
  }

  @Test
  void announce_badHostOrEndpoint_refused() throws IOException {
    Enrollment e = enrollment();

    assertThat(
            e.announce(announcement("../x", "tcp://10.0.0.2:7700", key), key, "10.0.0.2")
                .isRefused())
        .isTrue();
    assertThat(
            e.announce(announcement("web1", "ipc:///tmp/x.sock", key), key, "10.0.0.2").isRefused())
        .isTrue();
    assertThat(new KeyFiles(keysDir).pending()).isEmpty();
  }

  @Test
  void announce_wildcardAddress_replacedByThePeers() throws IOException {
    enrollment().announce(announcement("web1", "tcp://0.0.0.0:7700", key), key, "10.0.0.2");

    assertThat(new KeyFiles(keysDir).pending().get(0).endpoint()).isEqualTo("tcp://10.0.0.2:7700");
  }
}
