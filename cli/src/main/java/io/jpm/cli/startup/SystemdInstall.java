package io.jpm.cli.startup;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Installs a {@link SystemdUnit} on this machine: checks that it can be done before writing
 * anything, writes the file atomically, and drives systemctl.
 */
public final class SystemdInstall {

  /**
   * What a finished command said.
   *
   * @param exitCode its exit code
   * @param output its stdout and stderr, merged
   */
  public record Outcome(int exitCode, String output) {}

  /** Runs a command to completion. */
  @FunctionalInterface
  public interface Runner {
    /** Runs {@code argv} and returns how it ended. */
    Outcome run(List<String> argv) throws IOException;
  }

  private static final long COMMAND_TIMEOUT_SECONDS = 120;

  private final Optional<Path> systemctl;
  private final Path bootedMarker;
  private final boolean root;
  private final Runner runner;

  /**
   * An installer.
   *
   * @param systemctl the systemctl binary, if there is one
   * @param bootedMarker exists as a directory when systemd runs the machine ({@code
   *     /run/systemd/system}, as sd_booted(3) checks)
   * @param root whether we run as root (needed for a system-wide unit)
   */
  public SystemdInstall(Optional<Path> systemctl, Path bootedMarker, boolean root, Runner runner) {
    this.systemctl = systemctl;
    this.bootedMarker = bootedMarker;
    this.root = root;
    this.runner = runner;
  }

  /** The installer for this machine: systemctl from {@code path}, the real marker, the real uid. */
  public static SystemdInstall ofThisMachine(String path) {
    return new SystemdInstall(
        find("systemctl", path), Path.of("/run/systemd/system"), isRoot(), SystemdInstall::run);
  }

  /**
   * Why {@code unit} cannot be installed at {@code target} here, or null when it can. Checked
   * before anything is written, so a refusal leaves the machine as it was.
   */
  public String refusal(SystemdUnit unit, Path target) {
    if (systemctl.isEmpty()) {
      return "systemctl was not found on PATH";
    }
    if (!Files.isDirectory(bootedMarker)) {
      return "systemd is not running on this machine (no " + bootedMarker + ")";
    }
    if (unit.systemWide() && !root) {
      return "writing "
          + target
          + " needs root: run `sudo env JPM_HOME="
          + unit.jpmHome()
          + " "
          + unit.launcher()
          + " startup --install`, or install a user unit with --user";
    }
    return null;
  }

  /** Writes the unit file (0644) atomically: a temporary file renamed over the target. */
  public void write(SystemdUnit unit, Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp =
        Files.createTempFile(
            dir,
            "." + unit.fileName() + ".",
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
    try {
      Files.writeString(tmp, unit.render(), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Runs {@code systemctl [--user] args...}.
   *
   * @throws IOException naming the command, its exit code and its first line of output, when it
   *     fails
   */
  public void systemctl(boolean userManager, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(systemctl.orElseThrow().toString());
    if (userManager) {
      argv.add("--user");
    }
    argv.addAll(List.of(args));
    Outcome o = runner.run(argv);
    if (o.exitCode() != 0) {
      String said = o.output().strip().lines().findFirst().orElse("no output");
      throw new IOException(
          "`" + String.join(" ", argv) + "` exited with " + o.exitCode() + ": " + said);
    }
  }

  private static Outcome run(List<String> argv) throws IOException {
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("`" + String.join(" ", argv) + "` did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + argv.get(0), e);
    }
    return new Outcome(p.exitValue(), output);
  }

  private static Optional<Path> find(String program, String path) {
    String dirs = path == null || path.isEmpty() ? "/usr/bin:/bin" : path;
    for (String dir : dirs.split(File.pathSeparator, -1)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
