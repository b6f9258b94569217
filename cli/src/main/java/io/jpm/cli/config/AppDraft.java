package io.jpm.cli.config;

import io.jpm.messages.v1.AppSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One app of a config file while its keys are read: simple keys go straight into the wire spec,
 * keys whose meaning depends on others (paths relative to cwd, profiles, time) wait in fields until
 * {@link Ecosystem} finishes the app.
 */
final class AppDraft {
  final AppSpec.Builder spec = AppSpec.newBuilder();
  final Map<String, String> env = new LinkedHashMap<>();
  final Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
  String name;
  String script;
  String cwd;
  String outFile;
  String errorFile;
  boolean time;
}
