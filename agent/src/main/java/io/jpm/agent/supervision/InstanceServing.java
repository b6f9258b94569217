package io.jpm.agent.supervision;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * The shell's side of readiness and traffic for {@link InstanceDriver}: hands out private ports,
 * runs readiness probes and feeds their verdict back as {@link Input.ReadySignalled}, and puts
 * processes in and out of their app's rotation. Called only on the supervisor loop thread; probe
 * reports from other threads are posted back through {@code loop}, and those of a probe that has
 * been stopped or replaced since are dropped there.
 */
final class InstanceServing {
  private final ServingPorts serving;
  private final Executor loop;
  private final BiConsumer<ManagedInstance, Input> apply;

  InstanceServing(ServingPorts serving, Executor loop, BiConsumer<ManagedInstance, Input> apply) {
    this.serving = serving;
    this.loop = loop;
    this.apply = apply;
  }

  /**
   * Gives the instance's next process a private port when its app hands them out.
   *
   * @return null when done, else why no port could be found
   */
  String assignPort(ManagedInstance mi, AppSpec spec) {
    mi.privatePort = 0;
    if (!spec.hasPrivatePorts()) {
      return null;
    }
    try {
      mi.privatePort = serving.ports().allocate();
      return null;
    } catch (IOException e) {
      return "no free private port: " + e.getMessage();
    }
  }

  /** Starts the app's readiness check on the instance's current process. */
  void startProbe(ManagedInstance mi, AppSpec spec) {
    stopProbe(mi);
    if (spec.ready() == null) {
      // Cannot happen with a valid spec (a READY timer implies a check); the timer then fails it.
      return;
    }
    long generation = mi.probeGeneration;
    ReadinessProbe.Target target =
        new ReadinessProbe.Target(
            mi.app, mi.id, mi.index, mi.state.pid(), mi.privatePort, spec.ready());
    mi.probing =
        serving
            .probe()
            .start(
                target,
                new ReadinessProbe.Listener() {
                  @Override
                  public void ready() {
                    loop.execute(() -> onReady(mi, generation));
                  }

                  @Override
                  public void notYet(String reason) {
                    loop.execute(() -> onNotYet(mi, generation, reason));
                  }
                });
  }

  /** Stops the readiness check of the instance if one runs; its late reports are dropped. */
  void stopProbe(ManagedInstance mi) {
    mi.probeGeneration++;
    if (mi.probing != null) {
      mi.probing.cancel();
      mi.probing = null;
    }
  }

  /** Puts process {@code pid} of the instance in its app's rotation (apps with a port). */
  void route(ManagedInstance mi, AppSpec spec, long pid) {
    if (spec.port() > 0) {
      serving.router().add(mi.app, TrafficRouter.key(mi.id, pid), mi.privatePort);
    }
  }

  /**
   * Takes process {@code pid} of the instance out of its app's rotation (apps with a port). The
   * process is being stopped or is gone, so nothing waits for its connections to drain.
   */
  void unroute(ManagedInstance mi, AppSpec spec, long pid) {
    if (spec.port() > 0) {
      var unused =
          serving
              .router()
              .remove(mi.app, TrafficRouter.key(mi.id, pid), spec.policy().killTimeout());
    }
  }

  /**
   * Takes the instance's running process out of its app's rotation, its open connections staying
   * proxied: completes (on any thread) once they have closed, or after the app's kill_timeout at
   * the latest (the rest are reset then); at once when the app has no port or the instance runs no
   * process. The process itself is left alone: the caller signals it at once (reload, scale down),
   * so that a graceful program ends its connections itself, and then waits for both.
   */
  CompletableFuture<Void> drain(ManagedInstance mi, AppSpec spec) {
    if (spec.port() <= 0 || mi.state.state() != ProcessState.RUNNING) {
      return CompletableFuture.completedFuture(null);
    }
    return serving
        .router()
        .remove(mi.app, TrafficRouter.key(mi.id, mi.state.pid()), spec.policy().killTimeout());
  }

  private void onReady(ManagedInstance mi, long generation) {
    if (isCurrent(mi, generation)) {
      apply.accept(mi, new Input.ReadySignalled());
    }
  }

  private void onNotYet(ManagedInstance mi, long generation, String reason) {
    if (isCurrent(mi, generation)) {
      mi.readinessProblem = reason;
    }
  }

  private static boolean isCurrent(ManagedInstance mi, long generation) {
    // The generation moves on whenever the probe is stopped or replaced.
    return !mi.removed
        && mi.probeGeneration == generation
        && mi.state.state() == ProcessState.STARTING;
  }
}
