/**
 * Transport to the local agent: the {@code ControlClient} seam and its ZeroMQ DEALER
 * implementation, the event subscription, and auto-spawn of a detached agent. The only CLI package
 * that imports {@code org.zeromq}; it knows nothing of picocli or of output formats.
 */
package io.jpm.cli.client;
