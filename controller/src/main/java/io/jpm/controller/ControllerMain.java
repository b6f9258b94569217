package io.jpm.controller;

import java.io.IOException;

/** Runs a controller in the foreground until SIGTERM or SIGINT; `jpm controller` calls it. */
public final class ControllerMain {
  private ControllerMain() {}

  /**
   * Runs until the process is signalled, then closes cleanly. Returns the exit code: 0 after a
   * clean stop, 1 when the controller could not start (the reason is printed on stderr).
   */
  public static int runForeground(ControllerConfig config) {
    Controller controller;
    try {
      controller = Controller.start(config);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("jpm controller: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(controller::close, "jpm-controller-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println(
        "jpm controller: serving "
            + String.join(", ", controller.controlEndpoints())
            + "; events on "
            + String.join(", ", controller.eventsEndpoints())
            + (controller.announceEndpoints().isEmpty()
                ? ""
                : "; announcements on " + String.join(", ", controller.announceEndpoints()))
            + (controller.metricsUrl().isEmpty() ? "" : "; metrics at " + controller.metricsUrl()));
    try {
      controller.awaitTermination();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      controller.close();
    }
    return 0;
  }
}
