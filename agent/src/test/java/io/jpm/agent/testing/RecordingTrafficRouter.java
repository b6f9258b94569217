package io.jpm.agent.testing;

import io.jpm.agent.supervision.Balance;
import io.jpm.agent.supervision.TrafficRouter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A traffic router that only records: each call as a line ("open web 8080" (plus " least-conn" when
 * so), "balance web least-conn", "add web 3@1000 20000", "remove web 3@1000 1600ms", "close web"),
 * and the rotation each app has now. Removals drain at once unless {@link #holdDrains()} was
 * called; the test then ends them with {@link #drained}. Single-threaded, like the supervisor.
 */
public final class RecordingTrafficRouter implements TrafficRouter {
  private final Consumer<String> journal;
  private final List<String> calls = new ArrayList<>();
  private final Map<String, Map<String, Integer>> rotation = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Void>> draining = new LinkedHashMap<>();
  private final Set<Integer> taken = new HashSet<>();
  private boolean hold;

  /** A router that journals nothing besides its own list. */
  public RecordingTrafficRouter() {
    this(line -> {});
  }

  /** A router that also hands every call line to {@code journal}. */
  public RecordingTrafficRouter(Consumer<String> journal) {
    this.journal = journal;
  }

  /** From now on, removals complete only when the test calls {@link #drained}. */
  public void holdDrains() {
    hold = true;
  }

  /** Makes opening {@code port} fail, as when another program listens there. */
  public void portTaken(int port) {
    taken.add(port);
  }

  /** Ends the drain of a removed key. */
  public void drained(String key) {
    draining.remove(key).complete(null);
  }

  @Override
  public void open(String app, int publicPort, Balance balance) throws OpenException {
    if (taken.contains(publicPort)) {
      throw new OpenException("Address already in use");
    }
    rotation.put(app, new LinkedHashMap<>());
    record(
        "open "
            + app
            + " "
            + publicPort
            + (balance == Balance.ROUND_ROBIN ? "" : " " + balance.word()));
  }

  @Override
  public void balance(String app, Balance balance) {
    record("balance " + app + " " + balance.word());
  }

  @Override
  public void add(String app, String instanceKey, int privatePort) {
    rotation.get(app).put(instanceKey, privatePort);
    record("add " + app + " " + instanceKey + " " + privatePort);
  }

  @Override
  public CompletableFuture<Void> remove(String app, String instanceKey, Duration drainTimeout) {
    Map<String, Integer> keys = rotation.get(app);
    boolean present = keys != null && keys.remove(instanceKey) != null;
    if (!present) {
      return CompletableFuture.completedFuture(null);
    }
    record("remove " + app + " " + instanceKey + " " + drainTimeout.toMillis() + "ms");
    if (!hold) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    draining.put(instanceKey, f);
    return f;
  }

  @Override
  public void close(String app) {
    rotation.remove(app);
    record("close " + app);
  }

  /** Every call so far, in order (removals of keys not in rotation are not recorded). */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** The keys in the app's rotation now, with their private ports; empty when it is not open. */
  public Map<String, Integer> rotation(String app) {
    return Map.copyOf(rotation.getOrDefault(app, Map.of()));
  }

  private void record(String line) {
    calls.add(line);
    journal.accept(line);
  }
}
