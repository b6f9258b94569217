package io.jpm.agent.supervision;

import java.util.List;

/**
 * Everything known about one instance, for `describe`.
 *
 * @param snapshot observed state
 * @param spec the app's spec (env values must be dropped before it leaves the agent)
 * @param argv the argv executed
 * @param logs the instance's output files
 * @param events recent history, oldest first
 */
public record InstanceDetail(
    InstanceSnapshot snapshot,
    AppSpec spec,
    List<String> argv,
    ProcessLauncher.LogFiles logs,
    List<InstanceEvent> events) {}
