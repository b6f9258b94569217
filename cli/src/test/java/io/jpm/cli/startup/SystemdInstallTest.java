package io.jpm.cli.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `startup --install` checks before writing, how it writes, and how systemctl fails. */
class SystemdInstallTest {
  @TempDir Path tmp;
  private final List<List<String>> commands = new ArrayList<>();
  private final SystemdUnit userUnit =
      new SystemdUnit(
          Path.of("/opt/jpm/bin/jpm"), Path.of("/home/ann/.jpm"), "ann", Path.of("/j"), false);
  private final SystemdUnit systemUnit =
      new SystemdUnit(
          Path.of("/opt/jpm/bin/jpm"), Path.of("/home/ann/.jpm"), "ann", Path.of("/j"), true);

  private SystemdInstall installer(boolean systemctl, boolean booted, boolean root, int exit)
      throws IOException {
    Path marker = tmp.resolve("run-systemd-system");
    if (booted) {
      Files.createDirectories(marker);
    }
    return new SystemdInstall(
        systemctl ? Optional.of(Path.of("/usr/bin/systemctl")) : Optional.empty(),
        marker,
        root,
        argv -> {
          commands.add(argv);
          return new SystemdInstall.Outcome(exit, exit == 0 ? "" : "Failed to connect to bus\n");
        });
  }

  @Test
  void refusal_noSystemctl_saysSo() throws IOException {
    assertThat(installer(false, true, true, 0).refusal(userUnit, tmp.resolve("u")))
        .isEqualTo("systemctl was not found on PATH");
  }

  @Test
  void refusal_systemdNotRunning_namesTheMarker() throws IOException {
    assertThat(installer(true, false, true, 0).refusal(userUnit, tmp.resolve("u")))
        .startsWith("systemd is not running on this machine (no ")
        .endsWith("run-systemd-system)");
  }

  @Test
  void refusal_systemWideWithoutRoot_saysHowToRunItAsRootOrWithUser() throws IOException {
    assertThat(installer(true, true, false, 0).refusal(systemUnit, Path.of("/etc/x.service")))
        .isEqualTo(
            "writing /etc/x.service needs root: run `sudo env JPM_HOME=/home/ann/.jpm"
                + " /opt/jpm/bin/jpm startup --install`, or install a user unit with --user");
  }

  @Test
  void refusal_userUnitWithSystemdRunning_isNone() throws IOException {
    assertThat(installer(true, true, false, 0).refusal(userUnit, tmp.resolve("u"))).isNull();
  }

  @Test
  void write_createsTheDirectoryAndAWorldReadableUnitWithNoTempLeft() throws IOException {
    Path target = tmp.resolve("config/systemd/user/jpm-agent.service");

    installer(true, true, false, 0).write(userUnit, target);

    assertThat(target).hasContent(userUnit.render().stripTrailing());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
    try (Stream<Path> files = Files.list(target.getParent())) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void systemctl_userManager_passesUserFlag() throws IOException {
    installer(true, true, false, 0).systemctl(true, "enable", "--now", "jpm-agent.service");

    assertThat(commands)
        .containsExactly(
            List.of("/usr/bin/systemctl", "--user", "enable", "--now", "jpm-agent.service"));
  }

  @Test
  void systemctl_failing_namesTheCommandItsExitAndWhatItSaid() throws IOException {
    SystemdInstall failing = installer(true, true, true, 1);

    assertThatThrownBy(() -> failing.systemctl(false, "daemon-reload"))
        .isInstanceOf(IOException.class)
        .hasMessage("`/usr/bin/systemctl daemon-reload` exited with 1: Failed to connect to bus");
  }
}
