package io.jpm.agent.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.messages.v1.Request;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Role's command table, words and ZAP User-Ids. */
class RoleTest {

  @Test
  void read_readCommands_allowedAndEverythingElseDenied() {
    Set<Request.CommandCase> reads =
        EnumSet.of(
            Request.CommandCase.PING,
            Request.CommandCase.LIST,
            Request.CommandCase.DESCRIBE,
            Request.CommandCase.LOG_TAIL,
            Request.CommandCase.HOSTS);
    for (Request.CommandCase c : Request.CommandCase.values()) {
      assertThat(Role.READ.allows(c)).as(c.name()).isEqualTo(reads.contains(c));
    }
  }

  @Test
  void operator_everyCommand_allowed() {
    assertThat(Arrays.stream(Request.CommandCase.values()).allMatch(Role.OPERATOR::allows))
        .isTrue();
  }

  @Test
  void parse_words_roundTripAndUnknownRefused() {
    assertThat(Role.parse("read")).isEqualTo(Role.READ);
    assertThat(Role.parse(Role.OPERATOR.word())).isEqualTo(Role.OPERATOR);
    assertThatThrownBy(() -> Role.parse("admin")).hasMessageContaining("'admin'");
  }

  @Test
  void ofUserId_userIdsFromRoles_giveTheRoleBack() {
    assertThat(Role.ofUserId(Role.READ.userId("ci"))).contains(Role.READ);
    assertThat(Role.ofUserId("operator:ctl:with:colons")).contains(Role.OPERATOR);
    assertThat(Role.ofUserId("")).isEmpty();
    assertThat(Role.ofUserId(null)).isEmpty();
    assertThat(Role.ofUserId("root:x")).isEmpty();
  }
}
