package io.jpm.cli.output;

import io.jpm.messages.v1.ProcessInfo;
import io.jpm.messages.v1.Reply;
import java.util.List;
import java.util.TreeSet;

/** A few words about what an agent answered, for a host's line in a fleet command's output. */
public final class ReplySummary {
  private ReplySummary() {}

  /** "2 instances (api, web)", "saved 3 apps to PATH", "agent 0.1.0, pid 42"... */
  public static String of(Reply reply) {
    return switch (reply.getResultCase()) {
      case PROCESSES -> instances(reply.getProcesses().getProcessesList());
      case RELOAD -> {
        String text = instances(reply.getReload().getProcessesList());
        List<String> restarted = reply.getReload().getRestartedAppsList();
        yield restarted.isEmpty()
            ? text
            : text + "; restarted instead (no readiness check): " + String.join(", ", restarted);
      }
      case SAVE ->
          "saved " + plural(reply.getSave().getApps(), "app") + " to " + reply.getSave().getPath();
      case PING -> "agent " + reply.getPing().getVersion() + ", pid " + reply.getPing().getPid();
      case DESCRIBE -> plural(reply.getDescribe().getDetailsCount(), "instance");
      case LOG_TAIL -> plural(reply.getLogTail().getLinesCount(), "line");
      case KILL -> "stopped " + plural(reply.getKill().getStopped(), "instance");
      case ERROR -> reply.getError().getMessage();
      default -> "";
    };
  }

  /** "no instance", "1 instance (web)", "3 instances (api, web)". */
  static String instances(List<ProcessInfo> rows) {
    if (rows.isEmpty()) {
      return "no instance";
    }
    TreeSet<String> apps = new TreeSet<>();
    rows.forEach(p -> apps.add(p.getName()));
    return plural(rows.size(), "instance") + " (" + String.join(", ", apps) + ")";
  }

  static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
