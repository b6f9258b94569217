// A small HTTP app for the reload scenario: answers every request with 200 "ok" on $PORT. The
// same file runs under pm2's cluster mode (the workers share $PORT) and under jpm --port (each
// instance listens on its own private $PORT behind the agent's balancer).
//
// Graceful on SIGINT (pm2) and SIGTERM (jpm), as a production server is: it stops accepting,
// answers what is in flight with "Connection: close" (keep-alive clients reconnect, and land on
// another instance), closes the keep-alive connections still idle a second later, and exits once the server closed.
const http = require("http");
const net = require("net");
const IDLE_GRACE_MS = 1000;
const port = Number(process.env.PORT || 3000);
let stopping = false;
const server = http.createServer((req, res) => {
  const headers = { "content-type": "text/plain" };
  if (stopping) {
    headers.connection = "close";
  }
  res.writeHead(200, headers);
  res.end("ok\n");
});
server.listen(port, "127.0.0.1", () => console.log(`listening ${port} pid ${process.pid}`));

function stop(signal) {
  if (stopping) {
    return;
  }
  stopping = true;
  console.log(`${signal}: closing`);
  // Stop accepting, but leave the keep-alive connections to their next answer ("Connection:
  // close"): http.Server.close() would also close the idle ones at once (Node >= 19), and a
  // connection is only idle until the client's next request arrives, so that races with requests
  // already on their way and resets them. Those still idle after a moment are closed then.
  net.Server.prototype.close.call(server, () => process.exit(0));
  setTimeout(() => server.closeIdleConnections?.(), IDLE_GRACE_MS).unref();
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
