/**
 * The fleet domain: which hosts a pattern selects, how a rolling command is cut into batches, how a
 * command is fanned out and its per-host outcomes, the controller's view of its hosts, and the
 * inventory. Pure: no ZeroMQ, protobuf or wire types (io.jpm.controller.transport maps those), and
 * time only through {@link java.time.InstantSource} and the {@link io.jpm.controller.fleet.Timer}
 * port, so every piece is tested with fakes.
 */
package io.jpm.controller.fleet;
