/**
 * `jpm startup`: the systemd unit that runs the agent in the foreground for one user and JPM_HOME,
 * and its installation with systemctl. Plain JDK (files, processes); no picocli, no ZeroMQ, no wire
 * messages: the command in {@code io.jpm.cli.commands} does the talking.
 */
package io.jpm.cli.startup;
