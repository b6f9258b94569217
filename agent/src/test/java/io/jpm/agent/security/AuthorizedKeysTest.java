package io.jpm.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing, lookup, re-reading and rewriting of keys/authorized. */
class AuthorizedKeysTest {
  private static final String A = CurveKeyPair.generate().publicKey();
  private static final String B = CurveKeyPair.generate().publicKey();

  @TempDir Path home;

  @Test
  void parse_goodAndBadLines_keepsGoodOnesAndNamesBadLineNumbers() {
    AuthorizedKeys.Parsed p =
        AuthorizedKeys.parse(
            List.of(
                "# comment",
                "",
                "operator " + A + " ctl",
                "admin " + B + " x",
                "read short-key y",
                "read " + B,
                "read " + A + " again",
                "  read   " + B + "   ci  "));
    assertThat(p.entries())
        .containsExactly(
            new AuthorizedKey(Role.OPERATOR, A, "ctl"), new AuthorizedKey(Role.READ, B, "ci"));
    assertThat(p.problems()).hasSize(4);
    assertThat(p.problems().get(0)).startsWith("line 4: ").contains("'admin'");
    assertThat(p.problems().get(1)).startsWith("line 5: ").contains("40 Z85");
    assertThat(p.problems().get(2)).startsWith("line 6: ").contains("got 2 word(s)");
    assertThat(p.problems().get(3)).startsWith("line 7: ").contains("already listed");
  }

  @Test
  void authorize_thenFind_returnsRoleAndWritesOwnerOnlyFile() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    assertThat(keys.find(A)).isEmpty();
    keys.authorize(A, "ctl", Role.OPERATOR);
    keys.authorize(B, "ci", Role.READ);
    assertThat(keys.find(A)).contains(new AuthorizedKey(Role.OPERATOR, A, "ctl"));
    assertThat(keys.find(B).map(AuthorizedKey::role)).contains(Role.READ);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.file())))
        .isEqualTo("rw-------");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.file().getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void authorize_sameKeyAgain_replacesTheLine() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.authorize(A, "ctl", Role.READ);
    keys.authorize(A, "ctl2", Role.OPERATOR);
    assertThat(keys.entries()).containsExactly(new AuthorizedKey(Role.OPERATOR, A, "ctl2"));
  }

  @Test
  void authorize_nameOfAnotherKey_refused() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.authorize(A, "ctl", Role.READ);
    assertThatThrownBy(() -> keys.authorize(B, "ctl", Role.READ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already used");
  }

  @Test
  void revoke_byNameOrKey_appliesToTheNextLookupAndKeepsComments() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.authorize(A, "ctl", Role.OPERATOR);
    keys.authorize(B, "ci", Role.READ);
    assertThat(keys.revoke("ctl")).extracting(AuthorizedKey::publicKey).containsExactly(A);
    assertThat(keys.find(A)).isEmpty();
    assertThat(keys.revoke(B)).hasSize(1);
    assertThat(keys.find(B)).isEmpty();
    assertThat(keys.revoke("nobody")).isEmpty();
    assertThat(Files.readString(keys.file())).startsWith("#");
  }

  @Test
  void find_fileChangedBehindItsBack_isReRead() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.authorize(A, "ctl", Role.OPERATOR);
    assertThat(keys.find(A)).isPresent();
    // Another process (jpm keys revoke) rewrites the file: a new inode.
    new AuthorizedKeys(keys.file()).revoke("ctl");
    assertThat(keys.find(A)).isEmpty();
  }

  @Test
  void find_fileOpenToOthers_acceptsNoKey() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.authorize(A, "ctl", Role.OPERATOR);
    Files.setPosixFilePermissions(keys.file(), PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(new AuthorizedKeys(keys.file()).find(A)).isEmpty();
  }

  @Test
  void allowInMemory_notInFile_foundButNotWritten() throws Exception {
    AuthorizedKeys keys = AuthorizedKeys.ofHome(home);
    keys.allowInMemory(new AuthorizedKey(Role.OPERATOR, B, "controller"));
    assertThat(keys.find(B).map(AuthorizedKey::name)).contains("controller");
    assertThat(keys.entries()).isEmpty();
    assertThat(Files.exists(keys.file())).isFalse();
  }
}
