package io.jpm.agent.balancer;

/**
 * Counters of one backend (an instance's private port).
 *
 * @param inRotation false once {@code remove} was called (it drains, then disappears)
 * @param connections connections handed to this backend (including those it refused)
 * @param active connections open to it now (connecting or proxied)
 * @param bytesToBackend bytes copied from clients to it
 * @param bytesFromBackend bytes copied from it to clients
 * @param connectFailures connections it refused or failed to accept
 */
public record BackendSnapshot(
    String key,
    int port,
    boolean inRotation,
    long connections,
    int active,
    long bytesToBackend,
    long bytesFromBackend,
    long connectFailures) {}
