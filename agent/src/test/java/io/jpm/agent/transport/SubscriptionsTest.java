package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which topics the feed's subscribers want, from the XPUB sockets' (un)subscribe messages. */
class SubscriptionsTest {
  private final Subscriptions subs = new Subscriptions();

  private static byte[] msg(int kind, String prefix) {
    byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
    byte[] m = new byte[p.length + 1];
    m[0] = (byte) kind;
    System.arraycopy(p, 0, m, 1, p.length);
    return m;
  }

  @Test
  void wants_noSubscriber_false() {
    assertThat(subs.wants("log.web.0.out")).isFalse();
  }

  @Test
  void wants_matchingPrefix_true() {
    subs.apply(msg(1, "log.web."));

    assertThat(subs.wants("log.web.0.out")).isTrue();
    assertThat(subs.wants("log.api.0.out")).isFalse();
    assertThat(subs.wants("log.we")).isFalse();
  }

  @Test
  void wants_everythingSubscribed_true() {
    subs.apply(msg(1, ""));

    assertThat(subs.wants("log.any.3.err")).isTrue();
  }

  @Test
  void apply_unsubscribe_stopsWanting() {
    subs.apply(msg(1, "log."));
    subs.apply(msg(0, "log."));

    assertThat(subs.wants("log.web.0.out")).isFalse();
  }

  @Test
  void apply_samePrefixFromTwoSockets_wantedUntilBothUnsubscribe() {
    subs.apply(msg(1, "log."));
    subs.apply(msg(1, "log."));
    subs.apply(msg(0, "log."));

    assertThat(subs.wants("log.web.0.out")).isTrue();

    subs.apply(msg(0, "log."));

    assertThat(subs.wants("log.web.0.out")).isFalse();
  }

  @Test
  void apply_notASubscription_ignored() {
    subs.apply(new byte[0]);
    subs.apply(msg(7, "log."));
    subs.apply(msg(0, "never.subscribed"));

    assertThat(subs.wants("log.web.0.out")).isFalse();
  }
}
