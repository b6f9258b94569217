package io.jpm.agent.supervision;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Port to the traffic side: for every app with a public port, the agent listens on that port and
 * spreads connections over the app's ready instances, each on its own private port. The supervisor
 * adds an instance's process once it is ready (RUNNING) and removes it before stopping it.
 *
 * <p>Concurrency contract: every method is called on the supervisor loop thread and must not block.
 * An instance key names one process ({@link #key}), so a replacement and the process it replaces
 * (same instance id) are two entries while a reload overlaps them. Removing a key or closing an app
 * that is not there is not an error.
 */
public interface TrafficRouter {

  /** Thrown when an app's public port cannot be opened; the message says why, for users. */
  final class OpenException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with a user-readable reason. */
    public OpenException(String message) {
      super(message);
    }
  }

  /**
   * Starts listening on {@code publicPort} for {@code app} (with no instance to send to yet),
   * picking the instance of each new connection by {@code balance}.
   */
  void open(String app, int publicPort, Balance balance) throws OpenException;

  /** Picks the instances of new connections to the open port of {@code app} by {@code balance}. */
  void balance(String app, Balance balance);

  /** Sends new connections of {@code app} to {@code privatePort} on the loopback interface too. */
  void add(String app, String instanceKey, int privatePort);

  /**
   * Sends no new connection to this process any more; completes (on any thread) once its open
   * connections have closed, or after {@code drainTimeout} at the latest.
   */
  CompletableFuture<Void> remove(String app, String instanceKey, Duration drainTimeout);

  /** Stops listening for {@code app} (its last instance is gone). */
  void close(String app);

  /** The key of one process of an instance: "id@pid", e.g. "3@41250". */
  static String key(int id, long pid) {
    return id + "@" + pid;
  }

  /** A router that routes nothing: every call succeeds and removals complete at once. */
  static TrafficRouter none() {
    return new TrafficRouter() {
      @Override
      public void open(String app, int publicPort, Balance balance) {}

      @Override
      public void balance(String app, Balance balance) {}

      @Override
      public void add(String app, String instanceKey, int privatePort) {}

      @Override
      public CompletableFuture<Void> remove(String app, String instanceKey, Duration drain) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void close(String app) {}
    };
  }
}
