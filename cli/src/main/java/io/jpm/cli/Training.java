package io.jpm.cli;

import io.jpm.cli.client.MessageWarmup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of the launcher's class-data archive: runs the commands people use most against
 * a scratch agent, in one JVM, so the archive made at its exit (JDK 25 {@code -XX:AOTCacheOutput},
 * JDK 17 {@code -XX:ArchiveClassesAtExit}) holds the classes of every common code path, not just of
 * whichever command happened to run first.
 *
 * <p>Run by bin/jpm in the background, with JPM_HOME set to a scratch home where an agent (itself
 * in training) is starting; the last command, {@code kill}, stops that agent so its archive is
 * written too. Exit status 0 only when the agent answered and every command ran.
 */
public final class Training {
  private static final int ATTEMPTS = 300;

  private Training() {}

  /** Runs the training commands; args are ignored. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> env = new HashMap<>(System.getenv());
    Path home = Path.of(env.get("JPM_HOME"));
    Path app = Files.writeString(home.resolve("train.sh"), "exec sleep 600\n");
    Path config =
        Files.writeString(
            home.resolve("train.yaml"),
            "apps:\n  - name: cfg\n    script: "
                + app
                + "\n    instances: 2\n    env:\n      A: b\n",
            StandardCharsets.UTF_8);
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    // What Jpm.main does before a command, so the archive holds those classes too.
    MessageWarmup.start();
    CliContext context = CliContext.of(env, sink);
    if (!agentAnswers(context, sink)) {
      System.exit(1);
    }
    int failures = 0;
    for (List<String> command : commands(app.toString(), config.toString())) {
      String[] argv = command.toArray(String[]::new);
      StringWriter err = new StringWriter();
      int code =
          Jpm.commandLine(context, argv).setOut(sink).setErr(new PrintWriter(err)).execute(argv);
      if (code != 0 && !command.contains("--help")) {
        failures++;
        System.err.println("training: jpm " + String.join(" ", command) + ": " + err);
      }
    }
    System.exit(failures == 0 ? 0 : 1);
  }

  private static boolean agentAnswers(CliContext context, PrintWriter sink)
      throws InterruptedException {
    for (int i = 0; i < ATTEMPTS; i++) {
      String[] ping = {"ping", "--timeout", "1s"};
      if (Jpm.commandLine(context, ping).setOut(sink).setErr(sink).execute(ping) == 0) {
        return true;
      }
      Thread.sleep(100); // polling a process that is starting; nothing to wait on instead
    }
    return false;
  }

  /** The commands, in an order that leaves the scratch agent stopped. */
  private static List<List<String>> commands(String app, String config) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of("jlist"));
    out.add(List.of("start", app, "--name", "t", "--env", "K=V"));
    out.add(List.of("start", config));
    out.add(List.of("list"));
    out.add(List.of("jlist"));
    out.add(List.of("describe", "t"));
    out.add(List.of("logs", "t", "--nostream", "--lines", "5"));
    out.add(List.of("restart", "t"));
    out.add(List.of("reload", "cfg"));
    out.add(List.of("scale", "t", "2"));
    out.add(List.of("signal", "SIGCONT", "t"));
    out.add(List.of("reset", "t"));
    out.add(List.of("flush", "t"));
    out.add(List.of("stop", "t"));
    out.add(List.of("save"));
    out.add(List.of("delete", "all"));
    out.add(List.of("ping", "--json"));
    for (String help : List.of("--help", "monit", "events", "metrics", "startup", "runtime")) {
      out.add(help.equals("--help") ? List.of("--help") : List.of(help, "--help"));
    }
    out.add(List.of("kill"));
    return out;
  }
}
