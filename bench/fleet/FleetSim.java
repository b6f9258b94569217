import io.jpm.agent.AgentConfig;
import io.jpm.agent.AgentEmbedding;
import io.jpm.agent.AgentPaths;
import io.jpm.agent.EmbeddedAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated fleet for bench/run's fleet scenario: N real agents in this one JVM (so hundreds fit
 * on a 2-core box), each with its own JPM_HOME, host name (sim001...) and ipc:// sockets, and an
 * inventory file listing them for `jpm controller --inventory`. Prints "ready" when every agent
 * answers, then runs until stdin closes, and stops every agent (and its apps) on the way out.
 *
 * <p>Run with the distribution's jars: java -cp 'dist/lib/*' bench/fleet/FleetSim.java N DIR
 */
public final class FleetSim {
  public static void main(String[] args) throws IOException {
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    List<EmbeddedAgent> agents = new ArrayList<>();
    StringBuilder inventory = new StringBuilder("hosts:\n");
    AgentEmbedding quiet =
        new AgentEmbedding(
            (snapshot, previous, reason, deleted) -> {},
            line -> {},
            AgentEmbedding.OnSignal.STOP_APPS);
    try {
      for (int i = 1; i <= n; i++) {
        String host = String.format("sim%03d", i);
        AgentPaths paths = new AgentPaths(dir.resolve(host));
        // No /metrics server per agent: the controller's fleet-wide one is what is measured.
        AgentConfig config =
            AgentConfig.defaults(paths, host).withMetrics(Duration.ofSeconds(1), Optional.empty());
        agents.add(EmbeddedAgent.start(config, quiet));
        inventory
            .append("  - host: ")
            .append(host)
            .append("\n    endpoint: ")
            .append(paths.controlEndpoint())
            .append("\n    labels: {group: g")
            .append(i % 5)
            .append("}\n");
      }
      Files.writeString(dir.resolve("inventory.yaml"), inventory);
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // runs until stdin closes
      }
    } finally {
      for (EmbeddedAgent agent : agents) {
        agent.close();
      }
    }
  }
}
