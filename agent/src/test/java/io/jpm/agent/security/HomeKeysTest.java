package io.jpm.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home key pair: created owner-only, loaded again, refused when loose or malformed. */
class HomeKeysTest {
  @TempDir Path home;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void loadOrCreate_freshHome_createsOwnerOnlyFilesAndLoadsTheSamePairAgain() throws Exception {
    HomeKeys created = HomeKeys.loadOrCreate(home);
    Path dir = home.resolve("keys");
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("id.key"))).isEqualTo("rw-------");
    assertThat(mode(dir.resolve("id.pub"))).isEqualTo("rw-------");
    assertThat(HomeKeys.readPublicKeyFile(dir.resolve("id.pub"))).isEqualTo(created.publicKey());
    assertThat(HomeKeys.loadOrCreate(home).keys()).isEqualTo(created.keys());
    assertThat(created.keys().toString()).doesNotContain(created.keys().secretKey());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsOnly("id.key", "id.pub");
    }
  }

  @Test
  void loadOrCreate_keyFileReadableByOthers_refusedNamingTheFix() throws Exception {
    HomeKeys.loadOrCreate(home);
    Path key = home.resolve("keys/id.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> HomeKeys.loadOrCreate(home))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("id.key")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void loadOrCreate_keysDirOpenToGroup_refused() throws Exception {
    HomeKeys.loadOrCreate(home);
    Files.setPosixFilePermissions(
        home.resolve("keys"), PosixFilePermissions.fromString("rwxr-x---"));
    assertThatThrownBy(() -> HomeKeys.loadOrCreate(home)).hasMessageContaining("chmod 700");
  }

  @Test
  void loadOrCreate_malformedKeyFile_refusedNamingTheLine() throws Exception {
    HomeKeys.loadOrCreate(home);
    Path key = home.resolve("keys/id.key");
    Files.writeString(key, "# x\npublic tooshort\n");
    assertThatThrownBy(() -> HomeKeys.loadOrCreate(home))
        .hasMessageContaining("id.key line 2")
        .hasMessageContaining("40 Z85");
  }

  @Test
  void loadOrCreate_missingPub_rewrittenFromTheKeyFile() throws Exception {
    HomeKeys created = HomeKeys.loadOrCreate(home);
    Files.delete(home.resolve("keys/id.pub"));
    HomeKeys.loadOrCreate(home);
    assertThat(Files.readString(home.resolve("keys/id.pub")).strip())
        .isEqualTo(created.publicKey());
  }

  @Test
  void curveKey_badText_namesTheProblem() {
    assertThatThrownBy(() -> CurveKey.require("abc")).hasMessageContaining("got 3");
    String bad = "~" + CurveKeyPair.generate().publicKey().substring(1);
    assertThatThrownBy(() -> CurveKey.require(bad)).hasMessageContaining("'~' at position 1");
    assertThat(CurveKey.isValid(CurveKeyPair.generate().publicKey())).isTrue();
  }
}
