/**
 * The controller daemon's wiring: {@link io.jpm.controller.ControllerConfig}, {@link
 * io.jpm.controller.Controller} (builds the fleet view, the agent links, the request handler behind
 * the agent's ControlServer and /metrics) and {@link io.jpm.controller.ControllerPaths}. May use
 * every io.jpm.controller package and io.jpm.agent's transport, security and monitoring.
 */
package io.jpm.controller;
