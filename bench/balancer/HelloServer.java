import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A bench backend: the JDK's HTTP server answering "hello" on 127.0.0.1:PORT (keep-alive). */
public class HelloServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    byte[] body = "hello\n".getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start(); // handlers run on the dispatcher thread: the JDK server's fastest setup
  }
}
