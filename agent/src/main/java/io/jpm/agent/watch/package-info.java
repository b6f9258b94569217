/** `--watch`: file system watching for the supervisor's {@code FileWatch} port. */
package io.jpm.agent.watch;
