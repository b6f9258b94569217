package io.jpm.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jpm.agent.logs.CapturedLine;
import io.jpm.agent.logs.LogStream;
import io.jpm.agent.supervision.AppSpec;
import io.jpm.agent.supervision.CommandException;
import io.jpm.agent.supervision.LogPolicy;
import io.jpm.agent.testing.TestApp;
import io.jpm.messages.v1.LogLine;
import org.junit.jupiter.api.Test;

/** LogProtos (through AgentProtos for specs): the AppSpec log fields (21-27) and LogLine. */
class LogProtosTest {

  private static io.jpm.messages.v1.AppSpec.Builder minimal() {
    return io.jpm.messages.v1.AppSpec.newBuilder().setName("api").setScript("a.sh").setCwd("/srv");
  }

  @Test
  void appSpec_logPolicyRoundTrip_isEqual() {
    LogPolicy logs = new LogPolicy("/o.log", "/e.log", "YYYY-MM-DD", true, 4096, 9, true);
    AppSpec spec = TestApp.named("api").logs(logs).build();

    io.jpm.messages.v1.AppSpec p = AgentProtos.toProto(spec);

    assertThat(p.getOutFile()).isEqualTo("/o.log");
    assertThat(p.getLogType()).isEqualTo("json");
    assertThat(AgentProtos.fromProto(p).logs()).isEqualTo(logs);
  }

  @Test
  void appSpecFromProto_noLogFields_appliesTheDefaults() {
    assertThat(AgentProtos.fromProto(minimal().build()).logs()).isEqualTo(LogPolicy.defaults());
  }

  @Test
  void appSpecFromProto_explicitZeroSizeAndRetain_areKept() {
    LogPolicy logs =
        AgentProtos.fromProto(minimal().setLogMaxSizeBytes(0).setLogRetain(0).build()).logs();

    assertThat(logs.maxSizeBytes()).isZero();
    assertThat(logs.retain()).isZero();
  }

  @Test
  void appSpecFromProto_unknownLogType_isInvalidArgumentNamingTheKey() {
    assertThatThrownBy(() -> AgentProtos.fromProto(minimal().setLogType("xml").build()))
        .isInstanceOf(CommandException.class)
        .hasMessageContaining("app 'api': log_type: unknown type 'xml'");
  }

  @Test
  void logLine_roundTrip_isEqual() {
    CapturedLine line = new CapturedLine("api", 4, 1, LogStream.ERR, "boom", true);

    LogLine p = LogProtos.toProto(line);

    assertThat(p.getStream()).isEqualTo(LogLine.Stream.STREAM_ERR);
    assertThat(p.getInstance()).isEqualTo(1);
    assertThat(LogProtos.fromProto(p)).isEqualTo(line);
  }
}
