package io.jpm.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** pm2's log_date_format tokens and the iso form. */
class TimestampsTest {
  private static final long AT = Instant.parse("2026-03-04T05:06:07.089Z").toEpochMilli();

  @Test
  void text_pm2Tokens_formatEachField() {
    Timestamps t = Timestamps.of("YYYY-MM-DD HH:mm:ss.SSS Z", ZoneOffset.UTC);

    assertThat(t.text(AT)).isEqualTo("2026-03-04 05:06:07.089 +00:00");
  }

  @Test
  void text_shortTokensBracketsAndOtherLetters_areLiteralOrShort() {
    Timestamps t = Timestamps.of("[at] D/M/YY h:m A ZZ (x)", ZoneId.of("Europe/Paris"));

    assertThat(t.text(AT)).isEqualTo("at 4/3/26 6:6 AM +0100 (x)");
  }

  @Test
  void text_iso_hasMillisAndOffset() {
    Timestamps t = Timestamps.of("iso", ZoneId.of("Asia/Kolkata"));

    assertThat(t.text(AT)).isEqualTo("2026-03-04T10:36:07.089+05:30");
  }

  @Test
  void bytes_sameMillisecond_sameArray() {
    Timestamps t = Timestamps.of("HH:mm:ss.SSS", ZoneOffset.UTC);

    byte[] first = t.bytes(AT);

    assertThat(t.bytes(AT)).isSameAs(first);
    assertThat(new String(t.bytes(AT + 1), StandardCharsets.UTF_8)).isEqualTo("05:06:07.090");
  }
}
