package io.jpm.controller.fleet;

/**
 * One instance on one host, as far as the controller follows it (a jlist row's identity).
 *
 * @param id the agent-wide instance id
 * @param app the app name
 * @param instance the instance index within the app
 * @param namespace the app's namespace
 * @param running whether it is running
 */
public record FleetProcess(int id, String app, int instance, String namespace, boolean running) {}
