package io.jpm.controller.fleet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hosts a controller follows, from its inventory file (YAML, or JSON when the name ends in
 * {@code .json}):
 *
 * <pre>
 * hosts:
 *   - host: web1
 *     endpoint: tcp://10.0.0.2:7700
 *     key: "Z85 public key of web1's agent"
 *     labels: {role: web, dc: par}
 * </pre>
 *
 * {@code key} is required for {@code tcp://} endpoints and not used for {@code ipc://} ones (a
 * local agent of the same user). Every mistake is an {@link IllegalArgumentException} naming the
 * file, the entry and the key.
 */
public final class Inventory {
  private static final Set<String> TOP_KEYS = Set.of("hosts");
  private static final Set<String> HOST_KEYS = Set.of("host", "endpoint", "key", "labels");

  private Inventory() {}

  /** The hosts of {@code file}; a missing file is an empty inventory when {@code optional}. */
  public static List<HostEntry> load(Path file, boolean optional) throws IOException {
    JsonNode root;
    try {
      root = read(file);
    } catch (NoSuchFileException e) {
      if (optional) {
        return List.of();
      }
      throw new IllegalArgumentException(file + ": no such inventory file", e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping with a 'hosts' list");
    }
    unknownKeys(file, "top level", root, TOP_KEYS);
    JsonNode hosts = root.path("hosts");
    if (hosts.isMissingNode() || hosts.isNull()) {
      return List.of();
    }
    if (!hosts.isArray()) {
      throw new IllegalArgumentException(file + ": 'hosts' must be a list");
    }
    List<HostEntry> out = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < hosts.size(); i++) {
      String where = "hosts[" + i + "]";
      HostEntry e = entry(file, where, hosts.get(i), HOST_KEYS, HostEntry.INVENTORY);
      Integer first = seen.putIfAbsent(e.name(), i);
      if (first != null) {
        throw new IllegalArgumentException(
            file
                + ": "
                + where
                + " (host "
                + e.name()
                + "): key 'host': duplicate host, also hosts["
                + first
                + "]");
      }
      out.add(e);
    }
    return List.copyOf(out);
  }

  /** Parses the YAML or JSON file into a tree, refusing duplicate keys. */
  static JsonNode read(Path file) throws IOException {
    ObjectMapper mapper =
        file.getFileName().toString().endsWith(".json")
            ? JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
            : YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    byte[] bytes = Files.readAllBytes(file);
    try {
      return mapper.readTree(bytes);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": not valid: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * One host entry.
   *
   * @param where the entry's place, for messages (e.g. {@code hosts[2]})
   * @param allowed the keys the entry may have
   */
  static HostEntry entry(Path file, String where, JsonNode node, Set<String> allowed, String src) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(file + ": " + where + ": expected a mapping");
    }
    String host = text(file, where, node, "host");
    String at = where + " (host " + host + ")";
    if (host.isBlank() || !host.matches("[A-Za-z0-9_.:-]+")) {
      throw new IllegalArgumentException(
          file + ": " + at + ": key 'host': use letters, digits and . _ : - only");
    }
    unknownKeys(file, at, node, allowed);
    String endpoint = text(file, at, node, "endpoint");
    String problem = Endpoints.problem(endpoint);
    if (problem != null) {
      throw new IllegalArgumentException(
          file + ": " + at + ": key 'endpoint': '" + endpoint + "': " + problem);
    }
    String key = "";
    if (endpoint.startsWith("tcp://") || node.has("key")) {
      key = text(file, at, node, "key");
      if (!key.matches("[0-9A-Za-z.\\-:+=^!/*?&<>()\\[\\]{}@%$#]{40}")) {
        throw new IllegalArgumentException(
            file + ": " + at + ": key 'key': expected a 40-character Z85 CURVE public key");
      }
    }
    return new HostEntry(host, endpoint, key, labels(file, at, node), src);
  }

  private static String text(Path file, String where, JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(file + ": " + where + ": missing key '" + key + "'");
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new IllegalArgumentException(
          file + ": " + where + ": key '" + key + "': expected a string");
    }
    return v.asText().strip();
  }

  private static Map<String, String> labels(Path file, String where, JsonNode node) {
    JsonNode v = node.get("labels");
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new IllegalArgumentException(
          file + ": " + where + ": key 'labels': expected a mapping of key: value");
    }
    Map<String, String> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> f : v.properties()) {
      if (!f.getValue().isValueNode() || f.getValue().isNull()) {
        throw new IllegalArgumentException(
            file + ": " + where + ": key 'labels." + f.getKey() + "': expected a plain value");
      }
      out.put(f.getKey(), f.getValue().asText());
    }
    return Map.copyOf(out);
  }

  private static void unknownKeys(Path file, String where, JsonNode node, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            file
                + ": "
                + where
                + ": unknown key '"
                + k
                + "' (expected "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }
}
