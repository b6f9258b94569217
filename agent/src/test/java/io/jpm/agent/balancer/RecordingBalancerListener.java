package io.jpm.agent.balancer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a balancer reports, one line per call. */
final class RecordingBalancerListener implements BalancerListener {
  final List<String> refused = new CopyOnWriteArrayList<>();
  final List<String> dropped = new CopyOnWriteArrayList<>();

  @Override
  public void backendRefused(String port, String backendKey, IOException cause) {
    refused.add(port + " " + backendKey);
  }

  @Override
  public void connectionDropped(String port, String reason) {
    dropped.add(port + ": " + reason);
  }
}
