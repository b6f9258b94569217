package io.jpm.cli.startup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A systemd service unit that runs {@code <launcher> agent} in the foreground for one user and
 * JPM_HOME. The agent restores its apps from state.pb when it starts, so they come back on boot;
 * {@code KillMode=process} makes stopping or restarting the unit stop only the agent (its SIGTERM
 * writes the state and leaves the apps running), so apps survive agent restarts and upgrades.
 *
 * @param launcher absolute path of the distribution's bin/jpm
 * @param jpmHome the JPM_HOME the agent serves
 * @param user the account the agent runs as
 * @param java the java binary for bin/jpm (systemd's PATH may not find one)
 * @param systemWide true for /etc/systemd/system (with User=), false for a user manager unit
 */
public record SystemdUnit(Path launcher, Path jpmHome, String user, Path java, boolean systemWide) {

  /** Checks what a unit file cannot carry. */
  public SystemdUnit {
    for (String value : List.of(launcher.toString(), jpmHome.toString(), user, java.toString())) {
      if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("a unit file cannot hold a line break: " + value);
      }
    }
  }

  /** The unit's file name: one per user system-wide, one per user manager otherwise. */
  public String fileName() {
    return systemWide ? "jpm-agent-" + user + ".service" : "jpm-agent.service";
  }

  /** Where the unit goes: {@code /etc/systemd/system} or the user's systemd config directory. */
  public Path installPath(Path userConfigHome) {
    Path dir = systemWide ? Path.of("/etc/systemd/system") : userConfigHome.resolve("systemd/user");
    return dir.resolve(fileName());
  }

  /** The unit file's text. */
  public String render() {
    List<String> lines = new ArrayList<>();
    lines.add("# jpm agent for " + user + ", JPM_HOME " + jpmHome + " (written by `jpm startup`).");
    lines.add("# The agent restores its apps from JPM_HOME/state.pb when it starts: they come");
    lines.add("# back on boot. KillMode=process: stopping or restarting this unit stops only the");
    lines.add("# agent, which saves its state and leaves the apps running for the next agent to");
    lines.add("# re-adopt. `jpm kill` stops the apps too.");
    lines.add("[Unit]");
    lines.add("Description=jpm agent for " + escapeSpecifiers(user));
    if (systemWide) {
      lines.add("After=network.target");
    }
    lines.add("");
    lines.add("[Service]");
    lines.add("Type=simple");
    if (systemWide) {
      lines.add("User=" + escapeSpecifiers(user));
    }
    lines.add("Environment=" + quote("JPM_HOME=" + jpmHome, false));
    lines.add("Environment=" + quote("JPM_JAVA=" + java, false));
    lines.add("ExecStart=" + quote(launcher.toString(), true) + " agent");
    // The JVM exits with 128+15 after SIGTERM: a clean stop, not a failure to restart from.
    lines.add("SuccessExitStatus=143");
    lines.add("Restart=on-failure");
    lines.add("RestartSec=2");
    lines.add("KillMode=process");
    lines.add("TimeoutStopSec=60");
    lines.add("");
    lines.add("[Install]");
    lines.add("WantedBy=" + (systemWide ? "multi-user.target" : "default.target"));
    return String.join("\n", lines) + "\n";
  }

  /**
   * One double-quoted word (systemd.syntax(7)): backslash and quote escaped, % doubled (it starts a
   * specifier), and in ExecStart= $ doubled (it starts a variable).
   */
  static String quote(String word, boolean command) {
    String s = escapeSpecifiers(word.replace("\\", "\\\\").replace("\"", "\\\""));
    if (command) {
      s = s.replace("$", "$$");
    }
    return "\"" + s + "\"";
  }

  private static String escapeSpecifiers(String s) {
    return s.replace("%", "%%");
  }
}
