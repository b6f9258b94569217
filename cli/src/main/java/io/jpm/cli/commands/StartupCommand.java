package io.jpm.cli.commands;

import io.jpm.cli.CliFailure;
import io.jpm.cli.ExitCodes;
import io.jpm.cli.Jpm;
import io.jpm.cli.startup.SystemdInstall;
import io.jpm.cli.startup.SystemdUnit;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** `jpm startup`: the systemd unit that runs the agent at boot (pm2 `startup`). */
public final class StartupCommand extends JpmCommand {
  private boolean install;

  private boolean userManager;

  @Override
  protected void describe(CommandSpec spec) {
    spec.usageMessage()
        .description(
            "Prints a systemd unit that runs `jpm agent` in the foreground for the current user and"
                + " JPM_HOME (Type=simple, Restart=on-failure, KillMode=process so apps survive"
                + " agent restarts). The agent restores its apps when it starts, so they come back"
                + " on boot. With --install, writes it (/etc/systemd/system/jpm-agent-USER.service"
                + " as root, or ~/.config/systemd/user/jpm-agent.service with --user), hands a"
                + " running agent's apps over to it, and runs systemctl daemon-reload and enable"
                + " --now. Without systemd it fails and writes nothing.");
    spec.addOption(
        Options.flag(() -> install, v -> install = v, "--install")
            .description("Write the unit and enable it now.")
            .build());
    spec.addOption(
        Options.flag(() -> userManager, v -> userManager = v, "--user")
            .description(
                "A unit for your user's systemd (systemctl --user) instead of system-wide.")
            .build());
  }

  @Override
  protected int execute() {
    SystemdUnit unit =
        new SystemdUnit(
            launcher(),
            context().paths().home(),
            System.getProperty("user.name"),
            Path.of(System.getProperty("java.home"), "bin", "java"),
            !userManager);
    if (!install) {
      out().print(unit.render());
      err()
          .println(
              "jpm: to install it: "
                  + unit.launcher()
                  + " startup --install"
                  + (userManager ? " --user" : " (as root), or --user for your user's systemd"));
      return ExitCodes.OK;
    }
    return install(unit);
  }

  private int install(SystemdUnit unit) {
    Path target = unit.installPath(userConfigHome());
    SystemdInstall systemd = SystemdInstall.ofThisMachine(System.getenv("PATH"));
    String refusal = systemd.refusal(unit, target);
    if (refusal != null) {
      throw CliFailure.failed("startup --install failed: " + refusal + "; nothing was written");
    }
    try {
      systemd.write(unit, target);
    } catch (IOException e) {
      throw CliFailure.failed(
          "startup --install failed: cannot write " + target + ": " + e.getMessage());
    }
    try {
      systemd.systemctl(userManager, "daemon-reload");
      // systemd's agent must find JPM_HOME free, and re-adopts the apps of the one running now.
      AgentHandover.run(this, "startup --install", timeout())
          .ifPresent(
              old ->
                  out()
                      .println(
                          "handed the running agent (pid "
                              + old.agent().getPid()
                              + ") over to systemd"));
      systemd.systemctl(userManager, "enable", "--now", unit.fileName());
    } catch (IOException e) {
      throw CliFailure.failed(
          "startup --install failed: " + e.getMessage() + " (the unit is in " + target + ")");
    }
    String systemctl = userManager ? "systemctl --user" : "systemctl";
    out()
        .println(
            "installed " + target + "; check it with: " + systemctl + " status " + unit.fileName());
    if (userManager) {
      out()
          .println(
              "note: a user unit starts at your first login; to start it at boot run: loginctl"
                  + " enable-linger "
                  + unit.user());
    }
    return ExitCodes.OK;
  }

  /** The distribution's bin/jpm: next to the lib/ directory holding this jar. */
  private static Path launcher() {
    Path jar;
    try {
      jar = Path.of(Jpm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | SecurityException e) {
      throw CliFailure.failed("startup failed: cannot tell where jpm is installed: " + e);
    }
    Path candidate =
        Optional.ofNullable(jar.toAbsolutePath().getParent())
            .map(Path::getParent)
            .map(dist -> dist.resolve("bin").resolve("jpm"))
            .orElse(null);
    if (candidate == null || !Files.isExecutable(candidate)) {
      throw CliFailure.failed(
          "startup failed: no bin/jpm next to "
              + jar
              + "; run startup from the jpm distribution (bin/jpm, or ./jpm in a checkout)");
    }
    return candidate.normalize();
  }

  private static Path userConfigHome() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg);
    }
    return Path.of(System.getProperty("user.home"), ".config");
  }
}
