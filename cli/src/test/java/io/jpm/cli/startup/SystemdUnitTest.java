package io.jpm.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The unit file jpm startup prints and installs. */
class SystemdUnitTest {
  private static final Path LAUNCHER = Path.of("/opt/jpm/bin/jpm");
  private static final Path HOME = Path.of("/home/ann/.jpm");
  private static final Path JAVA = Path.of("/usr/lib/jvm/java-17/bin/java");

  @Test
  void render_systemWide_runsTheAgentInTheForegroundAsTheUserWithItsHome() {
    String unit = new SystemdUnit(LAUNCHER, HOME, "ann", JAVA, true).render();

    assertThat(unit)
        .contains("\n[Service]\nType=simple\nUser=ann\n")
        .contains("\nEnvironment=\"JPM_HOME=/home/ann/.jpm\"\n")
        .contains("\nEnvironment=\"JPM_JAVA=/usr/lib/jvm/java-17/bin/java\"\n")
        .contains("\nExecStart=\"/opt/jpm/bin/jpm\" agent\n")
        .contains("\nRestart=on-failure\n")
        .contains("\nSuccessExitStatus=143\n")
        .contains("\nKillMode=process\n")
        .contains("\nAfter=network.target\n")
        .endsWith("[Install]\nWantedBy=multi-user.target\n");
  }

  @Test
  void render_userManager_hasNoUserLineAndStartsWithTheUsersSession() {
    String unit = new SystemdUnit(LAUNCHER, HOME, "ann", JAVA, false).render();

    assertThat(unit).doesNotContain("User=").doesNotContain("After=");
    assertThat(unit).endsWith("WantedBy=default.target\n");
  }

  @Test
  void render_pathsWithSpacesPercentQuotesAndDollars_areEscapedForSystemd() {
    String unit =
        new SystemdUnit(
                Path.of("/opt/my jpm/100%/$x/bin/jpm"),
                Path.of("/home/ann/a \"q\" home"),
                "ann",
                JAVA,
                true)
            .render();

    assertThat(unit)
        .contains("ExecStart=\"/opt/my jpm/100%%/$$x/bin/jpm\" agent\n")
        .contains("Environment=\"JPM_HOME=/home/ann/a \\\"q\\\" home\"\n");
  }

  @Test
  void fileNameAndInstallPath_systemWidePerUser_userManagerInXdgConfig() {
    Path config = Path.of("/home/ann/.config");

    assertThat(new SystemdUnit(LAUNCHER, HOME, "ann", JAVA, true).installPath(config))
        .isEqualTo(Path.of("/etc/systemd/system/jpm-agent-ann.service"));
    assertThat(new SystemdUnit(LAUNCHER, HOME, "ann", JAVA, false).installPath(config))
        .isEqualTo(Path.of("/home/ann/.config/systemd/user/jpm-agent.service"));
  }

  @Test
  void new_lineBreakInAPath_isRefused() {
    assertThatThrownBy(() -> new SystemdUnit(LAUNCHER, Path.of("/home/a\nb"), "ann", JAVA, true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
