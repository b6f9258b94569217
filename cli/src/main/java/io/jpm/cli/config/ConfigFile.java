package io.jpm.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Recognises config file names and reads YAML, JSON and JavaScript configs into one tree. */
public final class ConfigFile {
  private static final List<String> YAML = List.of(".yaml", ".yml");
  private static final List<String> JAVASCRIPT = List.of(".js", ".cjs", ".mjs");
  private static final List<String> SCRIPT_CONFIG =
      List.of(".config.js", ".config.cjs", ".config.mjs");

  // A key given twice in one map is a mistake jpm reports rather than silently taking the last.
  private static final ObjectMapper JSON_READER =
      JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper YAML_READER =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private ConfigFile() {}

  /**
   * Whether a `jpm start` argument names a config file rather than a script: *.json, *.yaml, *.yml,
   * or *.config.js/.cjs/.mjs (a plain app.js is a script to run).
   */
  public static boolean isConfigFile(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json")
        || YAML.stream().anyMatch(lower::endsWith)
        || SCRIPT_CONFIG.stream().anyMatch(lower::endsWith);
  }

  /**
   * The file's content as a tree (MissingNode for an empty YAML file).
   *
   * @param label the file as the user named it, for messages
   * @throws ConfigException when it is missing, unreadable or malformed
   */
  public static JsonNode read(Path file, String label, NodeEvaluator node) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(
          label + (Files.exists(file) ? ": not a regular file" : ": no such file"));
    }
    if (JAVASCRIPT.stream().anyMatch(lower::endsWith)) {
      return parse(JSON_READER, node.evaluate(file, label), label, "the JSON node produced");
    }
    boolean yaml = YAML.stream().anyMatch(lower::endsWith);
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(label + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(label + ": cannot read it: " + e.getMessage());
    }
    return yaml ? parse(YAML_READER, text, label, "YAML") : parse(JSON_READER, text, label, "JSON");
  }

  private static JsonNode parse(ObjectMapper mapper, String text, String label, String what) {
    try {
      JsonNode tree = mapper.readTree(text);
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException(
          label + ": not valid " + what + where + ": " + e.getOriginalMessage());
    }
  }
}
