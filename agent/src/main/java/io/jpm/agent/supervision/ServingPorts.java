package io.jpm.agent.supervision;

/**
 * The ports through which instances are checked for readiness and given traffic, wired together
 * into the {@link Supervisor}.
 *
 * @param probe runs readiness checks
 * @param ports hands out private ports
 * @param router owns public ports and spreads their connections over ready instances
 */
public record ServingPorts(ReadinessProbe probe, PortAllocator ports, TrafficRouter router) {

  /** No readiness checks, no private ports, no routing (agents and tests that need none). */
  public static ServingPorts none() {
    return new ServingPorts(ReadinessProbe.none(), PortAllocator.none(), TrafficRouter.none());
  }
}
