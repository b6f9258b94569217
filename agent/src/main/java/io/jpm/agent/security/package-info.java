/**
 * CURVE identity and access for the TCP endpoints (docs/fleet.md "Identity and keys"): this
 * JPM_HOME's key pair ({@link HomeKeys}), who may connect ({@link AuthorizedKeys}, {@link Role}),
 * the ZAP handler that enforces it on every CURVE handshake ({@link ZapHandler}), and the socket
 * settings of CURVE servers and clients ({@link CurveServer}, {@link CurveClient}).
 *
 * <p>Used by the agent, the controller and the CLI. Allowed dependencies: JeroMQ, the generated
 * messages (for {@link Role}'s command table), java.base. Files are created owner-only and replaced
 * atomically; a file with looser permissions is refused, as ssh does.
 */
package io.jpm.agent.security;
