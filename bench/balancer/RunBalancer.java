import io.jpm.agent.balancer.BalanceStrategy;
import io.jpm.agent.balancer.BalancedPort;
import io.jpm.agent.balancer.BalancerListener;
import io.jpm.agent.balancer.BalancerOptions;
import io.jpm.agent.balancer.PortBalancer;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Runs jpm's PortBalancer alone: RunBalancer PUBLIC_PORT STRATEGY BACKEND_PORT... (until killed). */
public class RunBalancer {
  public static void main(String[] args) throws Exception {
    PortBalancer balancer = new PortBalancer(BalancerOptions.DEFAULTS, BalancerListener.NONE);
    BalancedPort port =
        balancer.open(
            "bench",
            new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])),
            BalanceStrategy.valueOf(args[1]));
    for (int i = 2; i < args.length; i++) {
      port.add("bench#" + (i - 2), Integer.parseInt(args[i])).get();
    }
    System.out.println("balancing " + port.address() + " over " + (args.length - 2) + " backends");
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> System.out.println("final: " + port.snapshot())));
    Thread.currentThread().join();
  }
}
