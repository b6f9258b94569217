/**
 * One picocli class per `jpm` subcommand, each carrying its reference text in its {@code
 * description}. Commands build wire requests, call the agent through {@code JpmCommand} and print
 * with the output package; they never import {@code org.zeromq}. {@code RuntimeCommand} alone also
 * runs an agent in this JVM ({@code EmbeddedAgent}), for `jpm runtime`.
 */
package io.jpm.cli.commands;
