// A small HTTP app for the reload scenario: answers every request with 200 "ok" on $PORT. The
// same file runs under pm2's cluster mode (the workers share $PORT) and under jpm --port (each
// instance listens on its own private $PORT behind the agent's balancer).
const http = require("http");
const port = Number(process.env.PORT || 3000);
http
  .createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("ok\n");
  })
  .listen(port, "127.0.0.1", () => console.log(`listening ${port} pid ${process.pid}`));
process.on("SIGINT", () => process.exit(0));
