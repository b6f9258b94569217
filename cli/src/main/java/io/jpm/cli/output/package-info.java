/**
 * What the CLI prints: the process table and key/value blocks (picocli's TextTable), JSON for
 * scripts (Jackson), event lines, human units, and the only mapping from agent states to pm2's
 * status words. Pure formatting: no I/O, no ZeroMQ, no picocli commands.
 */
package io.jpm.cli.output;
