package io.jpm.agent.transport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The topic prefixes the event feed's subscribers asked for, as its XPUB sockets report them (a
 * message {@code 1<prefix>} subscribes, {@code 0<prefix>} unsubscribes, also when a subscriber goes
 * away). Updated on the publisher thread; read from any thread, so that the log copier cuts output
 * into lines only while someone wants them.
 */
final class Subscriptions {
  // Per prefix, how many sockets report it: an XPUB reports a prefix once, but there may be two.
  private final Map<String, Integer> counts = new HashMap<>();
  private volatile List<byte[]> prefixes = List.of();

  /** Applies one message read from an XPUB socket; ignores anything that is not a subscription. */
  void apply(byte[] message) {
    if (message == null || message.length == 0 || message[0] > 1) {
      return;
    }
    String prefix = new String(message, 1, message.length - 1, StandardCharsets.ISO_8859_1);
    if (message[0] == 1) {
      counts.merge(prefix, 1, Integer::sum);
    } else {
      counts.computeIfPresent(prefix, (k, n) -> n > 1 ? n - 1 : null);
    }
    prefixes = counts.keySet().stream().map(p -> p.getBytes(StandardCharsets.ISO_8859_1)).toList();
  }

  /** True when some subscriber's prefix matches {@code topic} (as its bytes go out). */
  boolean wants(String topic) {
    List<byte[]> now = prefixes;
    if (now.isEmpty()) {
      return false;
    }
    byte[] t = topic.getBytes(StandardCharsets.US_ASCII);
    for (byte[] p : now) {
      if (p.length <= t.length && Arrays.equals(p, 0, p.length, t, 0, p.length)) {
        return true;
      }
    }
    return false;
  }
}
