/**
 * The controller's wire side: {@link io.jpm.controller.transport.AgentLinks} (one IO thread owning
 * every agent's DEALER and SUB and the controller's own PUB), {@link
 * io.jpm.controller.transport.FleetDispatcher} (the requests the controller answers, behind the
 * agent's ControlServer) and {@link io.jpm.controller.transport.ControllerProtos} (the only mapper
 * between wire messages and io.jpm.controller.fleet). May use ZeroMQ, protobuf, io.jpm.messages and
 * io.jpm.agent.transport/security.
 */
package io.jpm.controller.transport;
