/**
 * Config files for `jpm start|restart <file>`: reads YAML, JSON, or a JavaScript ecosystem file
 * (evaluated by node) with pm2's ecosystem keys and jpm's own, checks every app against one key
 * table, and turns them into wire {@code AppSpec}s. May use Jackson, the wire messages and the
 * agent's pure parsers ({@code Durations}, {@code Signals}); never picocli, ZeroMQ, or the commands
 * and client packages (commands call this package, not the other way round).
 */
package io.jpm.cli.config;
