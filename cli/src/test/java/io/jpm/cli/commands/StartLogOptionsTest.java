package io.jpm.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.jpm.cli.testing.CliRun;
import io.jpm.cli.testing.FakeAgentConnector;
import io.jpm.cli.testing.FakeControlClient;
import io.jpm.messages.v1.AppSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log options of `jpm start` mapped to the AppSpec log fields. */
class StartLogOptionsTest {
  @TempDir Path dir;

  @BeforeEach
  void createScript() throws IOException {
    Files.writeString(dir.resolve("app.sh"), "echo hi\n");
  }

  private AppSpec parse(String... args) {
    return ParsedCommands.populate(new StartCommand(), args).toRequest(dir).getApps(0);
  }

  @Test
  void toRequest_everyLogOption_mappedToTheSpec() {
    AppSpec app =
        parse(
            "app.sh",
            "--log-date-format",
            "YYYY-MM-DD HH:mm",
            "--log-type",
            "json",
            "--out-file",
            "logs/out.log",
            "--error-file",
            "/var/log/err.log",
            "--log-max-size",
            "1M",
            "--log-retain",
            "7",
            "--log-compress");

    assertThat(app.getLogDateFormat()).isEqualTo("YYYY-MM-DD HH:mm");
    assertThat(app.getLogType()).isEqualTo("json");
    assertThat(app.getOutFile()).isEqualTo(dir.resolve("logs/out.log").toString());
    assertThat(app.getErrorFile()).isEqualTo("/var/log/err.log");
    assertThat(app.getLogMaxSizeBytes()).isEqualTo(1 << 20);
    assertThat(app.getLogRetain()).isEqualTo(7);
    assertThat(app.getLogCompress()).isTrue();
  }

  @Test
  void toRequest_logTimeAndPm2ShortNames_isoPrefixAndFiles() {
    AppSpec app = parse("app.sh", "--log-time", "-o", "o.log", "-e", "e.log");

    assertThat(app.getLogDateFormat()).isEqualTo("iso");
    assertThat(app.getOutFile()).isEqualTo(dir.resolve("o.log").toString());
    assertThat(app.getErrorFile()).isEqualTo(dir.resolve("e.log").toString());
  }

  @Test
  void toRequest_noLogOption_leavesTheFieldsUnsetForTheAgentsDefaults() {
    AppSpec app = parse("app.sh");

    assertThat(app.hasLogMaxSizeBytes()).isFalse();
    assertThat(app.hasLogRetain()).isFalse();
    assertThat(app.getLogDateFormat()).isEmpty();
    assertThat(app.getOutFile()).isEmpty();
  }

  @Test
  void toRequest_logMaxSizeZero_isSentAsZero() {
    AppSpec app = parse("app.sh", "--log-max-size", "0");

    assertThat(app.hasLogMaxSizeBytes()).isTrue();
    assertThat(app.getLogMaxSizeBytes()).isZero();
  }

  @Test
  void start_badLogTypeOrRetain_isAUsageError() {
    FakeAgentConnector agent = new FakeAgentConnector(new FakeControlClient());

    CliRun type = CliRun.run(agent, "start", "app.sh", "--log-type", "xml");
    CliRun retain = CliRun.run(agent, "start", "app.sh", "--log-retain", "-1");

    assertThat(type.exitCode()).isEqualTo(2);
    assertThat(type.err()).contains("'xml' is not a log type (json or raw)");
    assertThat(retain.exitCode()).isEqualTo(2);
    assertThat(retain.err()).contains("is not a file count");
  }
}
