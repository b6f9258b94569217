package io.jpm.cli.output;

import io.jpm.agent.supervision.Durations;
import io.jpm.messages.v1.AppSpec;
import io.jpm.messages.v1.InstanceEvent;
import io.jpm.messages.v1.ProcessDetail;
import io.jpm.messages.v1.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The `jpm describe` text for one instance: state, spec (environment names only, never values), log
 * files, restart policy and the event history with reasons.
 */
public final class DetailRenderer {
  private DetailRenderer() {}

  /** The full description of one instance. */
  public static String render(ProcessDetail detail) {
    ProcessInfo p = detail.getProcess();
    StringBuilder out = new StringBuilder();
    out.append(p.getName())
        .append('#')
        .append(p.getInstance())
        .append(" (id ")
        .append(p.getId())
        .append(")\n");
    List<String[]> pairs = new ArrayList<>();
    state(p, pairs);
    spec(detail, pairs);
    policy(detail.getSpec(), pairs);
    indent(TableRenderer.keyValues(pairs), out);
    out.append("events\n");
    List<String[]> events = new ArrayList<>();
    for (InstanceEvent e : detail.getEventsList()) {
      events.add(
          new String[] {
            Units.isoInstant(e.getAtMs()),
            StatusWords.of(e.getFrom()) + " -> " + StatusWords.of(e.getTo()),
            e.getReason()
          });
    }
    if (events.isEmpty()) {
      out.append("  (none)\n");
    } else {
      indent(TableRenderer.keyValues(events), out);
    }
    return out.toString();
  }

  private static void state(ProcessInfo p, List<String[]> pairs) {
    boolean running = p.hasPid();
    pairs.add(pair("status", StatusWords.of(p.getState())));
    pairs.add(pair("pid", running ? Long.toString(p.getPid()) : "-"));
    pairs.add(pair("host", p.getHost()));
    pairs.add(pair("namespace", p.getNamespace()));
    pairs.add(pair("instance", Integer.toString(p.getInstance())));
    pairs.add(pair("restarts", p.getRestarts() + " (unstable " + p.getUnstableRestarts() + ")"));
    pairs.add(pair("uptime", running ? Units.uptime(p.getUptimeMs()) : "-"));
    pairs.add(pair("cpu", running ? Units.cpu(p.getCpuPercent()) : "-"));
    pairs.add(pair("memory", running ? Units.memory(p.getMemoryBytes()) : "-"));
    pairs.add(pair("last exit code", p.hasExitCode() ? Integer.toString(p.getExitCode()) : "-"));
    pairs.add(pair("created at", Units.isoInstant(p.getCreatedAtMs())));
  }

  private static void spec(ProcessDetail d, List<String[]> pairs) {
    AppSpec s = d.getSpec();
    pairs.add(pair("argv", Units.argv(d.getArgvList())));
    pairs.add(pair("script", s.getScript().isEmpty() ? "-" : s.getScript()));
    pairs.add(pair("interpreter", s.getInterpreter().isEmpty() ? "auto" : s.getInterpreter()));
    pairs.add(pair("cwd", s.getCwd()));
    pairs.add(pair("env (names)", d.getEnvNamesCount() == 0 ? "-" : join(d.getEnvNamesList())));
    // The starting shell's environment: dozens of unrelated variables, so neither names nor values.
    int base = s.getBaseEnvCount();
    pairs.add(
        pair(
            "base environment",
            base == 0
                ? "the agent's own"
                : base + " variables from the starting shell (values hidden)"));
    pairs.add(pair("out log", d.getOutLog()));
    pairs.add(pair("err log", d.getErrLog()));
    pairs.add(pair("instances", s.getInstancesMax() ? "max" : Integer.toString(s.getInstances())));
    pairs.add(pair("port", s.hasPort() ? Integer.toString(s.getPort()) : "-"));
    pairs.add(
        pair(
            "balance",
            !s.hasPort() ? "-" : s.getBalance().isEmpty() ? "round-robin" : s.getBalance()));
  }

  private static void policy(AppSpec s, List<String[]> pairs) {
    pairs.add(pair("autorestart", s.hasAutorestart() ? Boolean.toString(s.getAutorestart()) : "-"));
    pairs.add(
        pair("max restarts", s.hasMaxRestarts() ? Integer.toString(s.getMaxRestarts()) : "-"));
    pairs.add(pair("min uptime", s.hasMinUptimeMs() ? millis(s.getMinUptimeMs()) : "-"));
    pairs.add(pair("restart delay", s.hasRestartDelayMs() ? millis(s.getRestartDelayMs()) : "-"));
    pairs.add(
        pair(
            "exp backoff",
            s.hasExpBackoffRestartDelayMs() ? millis(s.getExpBackoffRestartDelayMs()) : "off"));
    pairs.add(pair("kill timeout", s.hasKillTimeoutMs() ? millis(s.getKillTimeoutMs()) : "-"));
    pairs.add(pair("kill signal", s.getKillSignal().isEmpty() ? "-" : s.getKillSignal()));
    pairs.add(
        pair(
            "stop exit codes",
            s.getStopExitCodesCount() == 0
                ? "-"
                : s.getStopExitCodesList().stream()
                    .map(String::valueOf)
                    .collect(Collectors.joining(","))));
    pairs.add(
        pair(
            "max memory",
            s.getMaxMemoryBytes() == 0 ? "none" : Units.memory(s.getMaxMemoryBytes())));
  }

  private static String[] pair(String key, String value) {
    return new String[] {key, value};
  }

  private static String millis(long ms) {
    return Durations.format(Duration.ofMillis(ms));
  }

  private static String join(List<String> words) {
    return String.join(", ", words);
  }

  private static void indent(String block, StringBuilder out) {
    for (String line : block.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append("  ").append(line).append('\n');
      }
    }
  }
}
