package io.jpm.agent.supervision;

import io.jpm.agent.supervision.CommandException.Failure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The apps' public ports, kept open through the {@link TrafficRouter}: opened when an app with a
 * port is added, moved when a restart or reload changes it, closed when the app goes. Called only
 * on the supervisor loop thread.
 */
final class PublicPorts {
  private static final Logger LOG = Logger.getLogger(PublicPorts.class.getName());

  private final TrafficRouter router;
  private final Map<String, Integer> open = new HashMap<>();
  private final Map<String, Balance> balances = new HashMap<>();

  PublicPorts(TrafficRouter router) {
    this.router = router;
  }

  /**
   * Problems with the ports of new or changed specs: a port another app has, or one given twice.
   *
   * @param current every app now, by name (a spec in {@code specs} replaces its namesake)
   */
  static List<String> clashes(Collection<AppSpec> specs, Map<String, AppSpec> current) {
    Map<Integer, String> owners = new HashMap<>();
    Map<String, AppSpec> after = new LinkedHashMap<>(current);
    specs.forEach(s -> after.put(s.name(), s));
    after.values().stream()
        .filter(s -> s.port() > 0 && !specs.contains(s))
        .forEach(s -> owners.put(s.port(), s.name()));
    List<String> problems = new ArrayList<>();
    for (AppSpec spec : specs) {
      if (spec.port() > 0) {
        String other = owners.putIfAbsent(spec.port(), spec.name());
        if (other != null && !other.equals(spec.name())) {
          problems.add(
              "app '"
                  + spec.name()
                  + "': port: "
                  + spec.port()
                  + " is already the port of app '"
                  + other
                  + "'");
        }
      }
    }
    return problems;
  }

  /**
   * Opens (or moves) the public ports of these specs: all or nothing.
   *
   * @throws CommandException INVALID_ARGUMENT naming the app and port that cannot be opened
   */
  void apply(Collection<AppSpec> specs) {
    List<String> opened = new ArrayList<>();
    Map<String, Integer> moved = new LinkedHashMap<>();
    for (AppSpec spec : specs) {
      Integer now = open.get(spec.name());
      if (now != null && now == spec.port()) {
        if (balances.put(spec.name(), spec.balance()) != spec.balance()) {
          router.balance(spec.name(), spec.balance());
        }
        continue;
      }
      if (now != null) {
        close(spec.name());
        moved.put(spec.name(), now);
      }
      if (spec.port() > 0) {
        try {
          router.open(spec.name(), spec.port(), spec.balance());
        } catch (TrafficRouter.OpenException e) {
          opened.forEach(this::close);
          moved.forEach(this::reopen);
          throw new CommandException(
              Failure.INVALID_ARGUMENT,
              "app '" + spec.name() + "': port " + spec.port() + ": " + e.getMessage());
        }
        open.put(spec.name(), spec.port());
        balances.put(spec.name(), spec.balance());
        opened.add(spec.name());
      }
    }
  }

  /**
   * Opens the port of an app a previous agent had (agent start); when it cannot be opened, the app
   * runs without it and the agent's log says why.
   */
  void restore(AppSpec spec) {
    try {
      apply(List.of(spec));
    } catch (CommandException e) {
      LOG.warning(e.getMessage() + "; the app runs without its public port until it is restarted");
    }
  }

  /** Closes the port of an app that is gone; nothing when it has none. */
  void close(String app) {
    if (open.remove(app) != null) {
      router.close(app);
      // The balance stays known: a port moved by a failed change is reopened with it.
    }
  }

  private void reopen(String app, int port) {
    try {
      router.open(app, port, balances.getOrDefault(app, Balance.ROUND_ROBIN));
      open.put(app, port);
    } catch (TrafficRouter.OpenException e) {
      // The app keeps running without its old port; its next restart or reload says why.
    }
  }
}
