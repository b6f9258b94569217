package io.jpm.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where an agent keeps its files under JPM_HOME, shared by the agent and the CLI so both find the
 * same sockets.
 *
 * <p>Local control uses Unix sockets ({@code ipc://}, real AF_UNIX with fr.loghub JeroMQ on Java
 * 16+) inside JPM_HOME, which is created owner-only (0700): only the owner of JPM_HOME can connect,
 * with no port to collide between agents. A Unix socket path is limited to 107 bytes; when JPM_HOME
 * is too deep for that, the sockets go to an owner-only directory under {@code /tmp/jpm-<user>/}
 * named by a hash of JPM_HOME instead.
 *
 * @param home JPM_HOME
 */
public record AgentPaths(Path home) {
  private static final int MAX_SOCKET_PATH = 100;

  /** JPM_HOME from the environment, else ~/.jpm. */
  public static AgentPaths fromEnvironment(Map<String, String> env) {
    String home = env.get("JPM_HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home") + "/.jpm";
    }
    return new AgentPaths(Path.of(home).toAbsolutePath().normalize());
  }

  /** Creates JPM_HOME and the socket directory owner-only, if missing. */
  public void createDirectories() throws IOException {
    ownerOnlyDir(home);
    ownerOnlyDir(socketDir());
    Files.createDirectories(logDir());
    ownerOnlyDir(runDir());
  }

  /** ZeroMQ endpoint of the control socket. */
  public String controlEndpoint() {
    return "ipc://" + socketDir().resolve("rpc.sock");
  }

  /** ZeroMQ endpoint of the event (PUB) socket. */
  public String eventsEndpoint() {
    return "ipc://" + socketDir().resolve("pub.sock");
  }

  /** Directory of the two sockets: JPM_HOME itself unless its path is too long. */
  public Path socketDir() {
    if (home.resolve("rpc.sock").toString().getBytes(StandardCharsets.UTF_8).length
        <= MAX_SOCKET_PATH) {
      return home;
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    return Path.of("/tmp", "jpm-" + user, hash(home.toString()));
  }

  /** The agent's pid, written while it runs. */
  public Path pidFile() {
    return home.resolve("agent.pid");
  }

  /** Held locked (flock) by the running agent, so two agents never share a JPM_HOME. */
  public Path lockFile() {
    return home.resolve("agent.lock");
  }

  /** The agent's desired and observed state, rewritten on every change (state.proto). */
  public Path stateFile() {
    return home.resolve("state.pb");
  }

  /** The process list written by `jpm save` and read by `jpm resurrect` (state.proto). */
  public Path dumpFile() {
    return home.resolve("dump.pb");
  }

  /** Apps' output files. */
  public Path logDir() {
    return home.resolve("logs");
  }

  /**
   * Instances' FIFOs ({@code <id>.in}, {@code <id>.out}, {@code <id>.err}), through which the agent
   * captures their output and writes their stdin; owner-only.
   */
  public Path runDir() {
    return home.resolve("run");
  }

  /** The agent's own log when it runs detached. */
  public Path agentLog() {
    return home.resolve("agent.log");
  }

  private static void ownerOnlyDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
  }

  private static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
